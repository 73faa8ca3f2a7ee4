// Proration by seconds: a price's share of a period, and the credit and debit lines a
// mid-period change of price or quantity creates (as Stripe does).

import type { Decimal } from 'decimal.js';
import { Dec, roundMinor } from './money.ts';
import { priceAmount, type PriceTerms } from './pricing/index.ts';

/**
 * amount × (to − from) / (end − start), unrounded, with from and to clamped inside the
 * period; `to` defaults to the period's end.
 */
export function prorate(amount: Decimal.Value, periodStart: number, periodEnd: number, from: number, to: number = periodEnd): Decimal {
  if (!(periodEnd > periodStart)) throw new RangeError(`empty period [${periodStart}, ${periodEnd})`);
  const clamp = (t: number) => Math.min(periodEnd, Math.max(periodStart, t));
  const seconds = Math.max(0, clamp(to) - clamp(from));
  return new Dec(amount).times(seconds).div(periodEnd - periodStart);
}

export interface ItemTerms {
  itemId: string;
  priceId: string;
  terms: PriceTerms;
  quantity: number;
  usageType?: 'licensed' | 'metered';
}

export interface ProrationLine {
  kind: 'credit' | 'debit';
  itemId: string;
  priceId: string;
  quantity: number;
  /** Negative for credits. */
  amount: number;
  periodStart: number;
  periodEnd: number;
}

const licensed = (item: ItemTerms | undefined): item is ItemTerms => item !== undefined && item.usageType !== 'metered';

/**
 * Proration lines for a change at `at` inside [periodStart, periodEnd): for each licensed item
 * whose price or quantity changed (matched by itemId, including removed and added items), a
 * credit for the unused time [at, end) of the old price and quantity and a debit for the same
 * time at the new ones. Each line is rounded once. Metered items never prorate.
 */
export function prorationLines(input: { periodStart: number; periodEnd: number; at: number; before: ItemTerms[]; after: ItemTerms[] }): ProrationLine[] {
  const { periodStart, periodEnd } = input;
  const at = Math.max(periodStart, input.at);
  if (at >= periodEnd) return [];

  const ids = [...new Set([...input.before.map((i) => i.itemId), ...input.after.map((i) => i.itemId)])];
  const line = (kind: ProrationLine['kind'], item: ItemTerms): ProrationLine => {
    const remaining = prorate(priceAmount(item.terms, item.quantity), periodStart, periodEnd, at);
    return {
      kind,
      itemId: item.itemId,
      priceId: item.priceId,
      quantity: item.quantity,
      amount: roundMinor(kind === 'credit' ? remaining.neg() : remaining),
      periodStart: at,
      periodEnd,
    };
  };

  const lines: ProrationLine[] = [];
  for (const id of ids) {
    const old = input.before.find((i) => i.itemId === id);
    const now = input.after.find((i) => i.itemId === id);
    const changed = !old || !now || old.priceId !== now.priceId || old.quantity !== now.quantity || old.usageType !== now.usageType;
    if (!changed) continue;
    if (licensed(old)) lines.push(line('credit', old));
    if (licensed(now)) lines.push(line('debit', now));
  }
  return lines;
}
