// A subscription's period boundary, decided: every item moves to the next period and one draft
// invoice bills it — licensed items in advance for the coming period, metered items in arrears
// from the usage of the period just ended, the subscription's pending invoice items — with the
// discounts in force at the period start and the tax rates of the items or the subscription.
// A `once` discount that took something off, or a discount past its end, is over afterwards.
// Pure: takes what the service loaded and `now`; returns the new state and the events to record.
import type Stripe from 'stripe';
import type { IdGenerator } from '../../core/ids.ts';
import type { CouponTerms } from '../discounts.ts';
import { discountApplies } from '../discounts.ts';
import type { InvoiceDiscount } from '../invoice-totals.ts';
import { periodAt, type Interval, type Period } from '../periods.ts';
import { newDraftInvoice } from './draft-invoice.ts';
import { buildLine, pendingItemLines, type StoredLine } from './invoice-line.ts';
import { invoiceWithTotals } from './invoice-with-totals.ts';
import { lineSpecOf } from './item-lines.ts';
import { isMetered, licensedLine, meteredLine, type ProductNames } from '../subscriptions/subscription-lines.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { currentPeriod, itemPeriod } from '../subscriptions/current-period.ts';
import { discountIds, idOf } from './stripe-terms.ts';
import type { DomainEvent } from './domain-event.ts';
import { transition, type SubscriptionStatus } from '../state-machines/subscription-status.ts';
import { periodKey } from '../invoices/invoice-keys.ts';

/** Draft renewal invoices wait this long before they finalize, as Stripe's do. */
export const FINALIZE_AFTER_SECONDS = 3600;

export interface RenewalInput {
  subscription: Stripe.Subscription;
  customer: Stripe.Customer;
  /** The customer's tax ids, which the draft shows (none when not given). */
  customerTaxIds?: Stripe.Invoice.CustomerTaxId[];
  /** Product names for line descriptions, by product id. */
  productNames: ProductNames;
  /** The subscription's discounts, in its order, each with its coupon's terms (null: the coupon is gone). */
  discounts: Array<{ discount: Stripe.Discount; coupon: CouponTerms | null }>;
  /** The discounts the items name, by id, with their coupons. */
  itemDiscounts: ReadonlyMap<string, InvoiceDiscount>;
  /** Usage of each metered item (by item id) over the period just ended. */
  usage: ReadonlyMap<string, number>;
  /** The subscription's pending invoice items in its currency, oldest first. */
  pendingItems: Stripe.InvoiceItem[];
  /** The period boundary is a trial's end: nothing was used in a trial, so metered items bill nothing. */
  afterTrial?: boolean;
}

export interface RenewalEnv {
  ids: IdGenerator;
  publicUrl: string;
}

export interface Renewal {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice;
  /** The unique key of the period the invoice bills (the new period's start). */
  billingPeriodKey: string;
  lines: StoredLine[];
  /** The pending invoice items, now on the invoice. */
  invoiceItems: Stripe.InvoiceItem[];
  /** Discounts that are over after this invoice. */
  endedDiscounts: Stripe.Discount[];
  events: DomainEvent[];
}

/** A trial that ends with an invoice makes the subscription active (its payment decides what follows). */
function activeAfterTrial(sub: Stripe.Subscription): Stripe.Subscription.Status {
  if (sub.status === 'active') return 'active';
  const r = transition(sub.status as SubscriptionStatus, 'active');
  if (!r.ok) throw new Error(`renewing subscription ${sub.id} after its trial: ${r.reason}`);
  return r.status;
}

export { currentPeriod as currentPeriodOf };

/** The period after the current one (`next`), and the full interval of the cycle it falls in (`full`). */
export function nextPeriodOf(sub: Stripe.Subscription, item: Stripe.SubscriptionItem = sub.items.data[0]): { next: Period; full: Period } {
  const old = currentPeriod(sub);
  const r = item.price.recurring!;
  const full = periodAt(sub.billing_cycle_anchor, r.interval as Interval, r.interval_count, old.end);
  return { next: { start: old.end, end: full.end }, full };
}

export function renewSubscription(input: RenewalInput, now: number, env: RenewalEnv): Renewal {
  const sub = input.subscription;
  const old = currentPeriod(sub);
  const { next } = nextPeriodOf(sub);
  // Only the items whose period ends here renew (with mixed intervals a yearly item waits while a
  // monthly one renews); each moves to the next period of its own interval.
  const billed: InvoiceLineDraft[] = [];
  const items = sub.items.data.map((item) => {
    if (item.current_period_end !== old.end) return item;
    const own = nextPeriodOf(sub, item);
    const moved = { ...item, current_period_start: own.next.start, current_period_end: own.next.end };
    if (!isMetered(item)) billed.push(licensedLine(moved, input.productNames, own.next, { fullPeriod: own.full }));
    // Usage in arrears over the item's own period just ended (with mixed intervals not the subscription's).
    else if (!input.afterTrial) billed.push(meteredLine(moved, input.productNames, itemPeriod(item), input.usage.get(item.id) ?? 0));
    return moved;
  });

  const applying = input.discounts.filter((d) => d.coupon !== null && discountApplies({ coupon: d.coupon, start: d.discount.start, end: d.discount.end }, next.start));
  const pause = sub.pause_collection?.behavior ?? null;
  const draft = newDraftInvoice({
    id: env.ids.next('in'),
    created: now,
    customer: input.customer,
    subscription: sub,
    billing_reason: 'subscription_cycle',
    currency: sub.currency,
    collection_method: sub.collection_method as 'charge_automatically' | 'send_invoice',
    default_payment_method: idOf(sub.default_payment_method as string | { id: string } | null),
    discounts: applying.map((d) => d.discount.id),
    default_tax_rates: sub.default_tax_rates ?? [],
    // As Stripe reports it: the period just ended (its lines carry the period billed in advance).
    period_start: old.start,
    period_end: old.end,
    auto_advance: pause === null,
    automatically_finalizes_at: pause === null ? now + FINALIZE_AFTER_SECONDS : null,
    publicUrl: env.publicUrl,
    description: sub.description,
    customer_tax_ids: input.customerTaxIds,
  });

  const invoiceItems = input.pendingItems.map((item) => ({ ...item, invoice: draft.id }));
  const stored = [
    ...billed.map((l) => buildLine(env.ids, draft, lineSpecOf(l, sub.id))),
    ...pendingItemLines(env.ids, draft, input.pendingItems),
  ];
  const invoiceDiscounts = applying.map((d) => ({ id: d.discount.id, coupon: d.coupon! }));
  const { invoice, lines } = invoiceWithTotals(draft, stored, invoiceDiscounts, input.itemDiscounts);

  const used = new Set(invoice.total_discount_amounts?.filter((d) => d.amount > 0).map((d) => idOf(d.discount)));
  const endedDiscounts = input.discounts
    .filter((d) => used.has(d.discount.id) || (d.discount.end !== null && d.discount.end <= next.start))
    .filter((d) => d.coupon === null || d.coupon.duration === 'once' || (d.discount.end !== null && d.discount.end <= next.start))
    .map((d) => d.discount);
  const gone = new Set(endedDiscounts.map((d) => d.id));

  const after: Stripe.Subscription = {
    ...sub,
    ...(input.afterTrial ? { status: activeAfterTrial(sub) } : {}),
    items: { ...sub.items, data: items },
    latest_invoice: invoice.id,
    ...(gone.size ? { discounts: discountIds(sub.discounts as Array<string | { id: string }>).filter((id) => !gone.has(id)) } : {}),
  };
  const customerId = input.customer.id;
  const events: DomainEvent[] = [
    { type: 'invoice.created', object: invoice },
    ...endedDiscounts.map((d): DomainEvent => ({ type: 'customer.discount.deleted', object: d, at: now, customerId: idOf(d.customer as string | null) ?? customerId })),
    { type: 'customer.subscription.updated', object: after, before: sub },
  ];
  return { subscription: after, invoice, billingPeriodKey: periodKey(next.start), lines, invoiceItems, endedDiscounts, events };
}
