// What a subscription bills at a period boundary: licensed items in advance for the coming
// period, metered items in arrears for the period just ended; and where its first period ends.

import { lineAmount } from './pricing/index.ts';
import { periodAt, type Interval, type Period } from './periods.ts';
import type { ItemTerms } from './proration.ts';

export interface RenewalItem extends ItemTerms {
  /** Aggregated usage of a metered item over the previous period. */
  usageQuantity?: string | number;
}

export interface RenewalLine {
  itemId: string;
  priceId: string;
  quantity: number | string;
  amount: number;
  unit_amount_decimal: string | null;
  periodStart: number;
  periodEnd: number;
}

export function renewalLines(input: { items: RenewalItem[]; period: Period; previousPeriod: Period | null }): RenewalLine[] {
  const lines: RenewalLine[] = [];
  for (const item of input.items) {
    if (item.usageType === 'metered') {
      if (!input.previousPeriod) continue;
      const quantity = item.usageQuantity ?? 0;
      lines.push({
        itemId: item.itemId,
        priceId: item.priceId,
        quantity,
        ...lineAmount(item.terms, quantity),
        periodStart: input.previousPeriod.start,
        periodEnd: input.previousPeriod.end,
      });
    } else {
      lines.push({
        itemId: item.itemId,
        priceId: item.priceId,
        quantity: item.quantity,
        ...lineAmount(item.terms, item.quantity),
        periodStart: input.period.start,
        periodEnd: input.period.end,
      });
    }
  }
  return lines;
}

export interface FirstPeriod {
  anchor: number;
  periodStart: number;
  periodEnd: number;
  /** True when [periodStart, periodEnd) is shorter than a full interval and bills a share of it. */
  prorated: boolean;
  /** The full interval ending at periodEnd; a prorated first period bills (end − start)/(full.end − full.start) of the price. */
  fullPeriod: Period;
  /** True when the first period is a trial (billed at zero). */
  trial: boolean;
}

/**
 * The first period of a new subscription. With a trial it is [start, trial_end) and the
 * billing cycle anchor is the trial end (or a later billing_cycle_anchor). Otherwise, with a
 * billing_cycle_anchor, it runs from start to the first boundary of the anchor's cycle after
 * start, prorated against the full interval ending there (Stripe's behavior); without one,
 * the anchor is the start and the period is a full interval.
 */
export function firstPeriod(input: {
  start: number;
  interval: Interval;
  intervalCount: number;
  billingCycleAnchor?: number;
  trialEnd?: number | null;
}): FirstPeriod {
  const { start, interval, intervalCount } = input;
  const trialEnd = input.trialEnd ?? null;
  if (trialEnd !== null && trialEnd > start) {
    const anchor = input.billingCycleAnchor !== undefined && input.billingCycleAnchor > trialEnd ? input.billingCycleAnchor : trialEnd;
    return { anchor, periodStart: start, periodEnd: trialEnd, prorated: false, fullPeriod: { start, end: trialEnd }, trial: true };
  }
  const anchor = input.billingCycleAnchor ?? start;
  const full = periodAt(anchor, interval, intervalCount, start);
  return { anchor, periodStart: start, periodEnd: full.end, prorated: full.start !== start, fullPeriod: full, trial: false };
}
