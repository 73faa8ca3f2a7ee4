// The lines of a new subscription's first invoice: each licensed item for its first period (a
// share of the full interval when billing_cycle_anchor makes it short, zero during a trial, every
// period since a backdated start); metered items bill later, in arrears.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { FirstPeriod } from '../../domain/subscription-billing.ts';
import { periodAt, type Interval } from '../../domain/periods.ts';
import type { NewInvoiceLine } from '../invoices/create-invoice.ts';
import { isMetered, licensedLine, productNames } from './subscription-lines.ts';

export async function firstInvoiceLines(
  ctx: ServiceContext,
  items: Stripe.SubscriptionItem[],
  first: FirstPeriod,
  opts: { prorate: boolean } = { prorate: true },
): Promise<NewInvoiceLine[]> {
  const names = await productNames(ctx, items.map((i) => i.price));
  const licensed = items.filter((i) => !isMetered(i));
  if (first.trial) return licensed.map((i) => licensedLine(i, names, { start: first.periodStart, end: first.periodEnd }, { trial: true }));
  const lines: NewInvoiceLine[] = [];
  for (const item of licensed) {
    const r = item.price.recurring!;
    // A backdated start bills every period from the start up to the current one's end.
    for (const p of periodsCovering(first.anchor, r.interval as Interval, r.interval_count, first.periodStart, first.periodEnd)) {
      const partial = p.billed.start !== p.full.start || p.billed.end !== p.full.end;
      // proration_behavior=none: the partial period up to the anchor is not charged.
      if (partial && !opts.prorate) continue;
      lines.push(licensedLine(item, names, p.billed, { fullPeriod: p.full }));
    }
  }
  return lines;
}

/** The anchor-aligned periods that cover [from, to), each with the part of it billed. */
function periodsCovering(anchor: number, interval: Interval, count: number, from: number, to: number) {
  const out: Array<{ full: { start: number; end: number }; billed: { start: number; end: number } }> = [];
  let t = from;
  while (t < to) {
    const full = periodAt(anchor, interval, count, t);
    const billed = { start: t, end: Math.min(full.end, to) };
    out.push({ full, billed });
    t = billed.end;
  }
  return out;
}
