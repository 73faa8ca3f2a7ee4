// A period boundary: every item moves to the next period, and the subscription invoices it
// (licensed items in advance, metered usage of the period just ended in arrears, pending items).
// The invoice stays a draft for an hour (automatically_finalizes_at) unless collection is paused.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { periodAt, type Interval } from '../../domain/periods.ts';
import type { NewInvoiceLine } from '../invoices/create-invoice.ts';
import { PeriodAlreadyInvoiced } from '../invoices/create-invoice.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { markInvoiceUncollectible } from '../invoices/mark-invoice-uncollectible.ts';
import { currentPeriod } from './subscription-store.ts';
import { isMetered, licensedLine, meteredLine, productNames, usageFor } from './subscription-lines.ts';
import { invoiceSubscription } from './subscription-invoice.ts';

/** Draft renewal invoices wait this long before they finalize, as Stripe's do. */
export const FINALIZE_AFTER_SECONDS = 3600;

export function nextPeriodOf(sub: Stripe.Subscription): { next: { start: number; end: number }; full: { start: number; end: number } } {
  const old = currentPeriod(sub);
  const r = sub.items.data[0].price.recurring!;
  const full = periodAt(sub.billing_cycle_anchor, r.interval as Interval, r.interval_count, old.end);
  return { next: { start: old.end, end: full.end }, full };
}

export async function renewSubscription(
  ctx: ServiceContext,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  opts: { afterTrial: boolean },
): Promise<Stripe.Subscription> {
  const now = ctx.clock.now();
  const old = currentPeriod(sub);
  const { next, full } = nextPeriodOf(sub);
  const items = sub.items.data.map((i) => ({ ...i, current_period_start: next.start, current_period_end: next.end }));
  let after: Stripe.Subscription = { ...sub, items: { ...sub.items, data: items } };

  const names = await productNames(ctx, items.map((i) => i.price));
  const lines: NewInvoiceLine[] = [];
  for (const item of items) {
    if (!isMetered(item)) lines.push(licensedLine(item, names, next, { fullPeriod: full }));
    else if (!opts.afterTrial) lines.push(meteredLine(item, names, old, await usageFor(ctx, item.id, old)));
  }

  const pause = sub.pause_collection?.behavior ?? null;
  try {
    const made = await invoiceSubscription(ctx, after, customer, {
      billing_reason: 'subscription_cycle',
      billing_period_key: String(next.start),
      lines,
      pending_items: 'include',
      period: next,
      // As Stripe reports it: the period just ended (its lines carry the period billed in advance).
      invoice_period: old,
      auto_advance: pause === null,
      automatically_finalizes_at: pause === null ? now + FINALIZE_AFTER_SECONDS : null,
    });
    after = { ...made.subscription, latest_invoice: made.invoice.id };
    if (pause === 'void' || pause === 'mark_uncollectible') {
      await finalizeInvoice(ctx, made.invoice.id, { attemptPayment: false });
      if (pause === 'void') await voidInvoice(ctx, made.invoice.id);
      else await markInvoiceUncollectible(ctx, made.invoice.id);
    }
  } catch (e) {
    if (!(e instanceof PeriodAlreadyInvoiced)) throw e;
  }
  return after;
}
