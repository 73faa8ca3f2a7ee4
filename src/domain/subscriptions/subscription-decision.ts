// What a subscription decision returns: the subscription as it becomes, the invoice to make now
// (if any), the lines left pending for the next invoice, and the events to record. Services persist
// it; previews show it.
import type Stripe from 'stripe';
import { previousAttributes } from '../../core/previous-attributes.ts';
import type { InvoiceLineDraft, SubscriptionInvoiceDraft } from '../invoices/invoice-draft.ts';

export interface SubscriptionEvent {
  type: 'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted';
  object: Stripe.Subscription;
  previous_attributes?: Record<string, unknown>;
}

export interface SubscriptionDecision {
  before: Stripe.Subscription | null;
  subscription: Stripe.Subscription;
  invoice: SubscriptionInvoiceDraft | null;
  pendingItems: InvoiceLineDraft[];
  events: SubscriptionEvent[];
  /** Open invoices that will never be paid now (an incomplete subscription's first one, when it ends). */
  voidInvoices?: string[];
}

/** The update event of a change from `before` to `after`, or none when nothing changed. */
export function updatedEvents(before: Stripe.Subscription, after: Stripe.Subscription): SubscriptionEvent[] {
  const prev = previousAttributes(before as any, after as any);
  return Object.keys(prev).length ? [{ type: 'customer.subscription.updated', object: after, previous_attributes: prev }] : [];
}

/**
 * The decision once its invoice exists: the subscription names it as its latest invoice and drops
 * the discounts the invoice used up (a `once` coupon), and the events describe that state.
 */
export function withInvoiceMade(d: SubscriptionDecision, invoiceId: string, endedDiscounts: string[]): SubscriptionDecision {
  const gone = new Set(endedDiscounts);
  const discounts = (d.subscription.discounts as Array<string | { id: string }>).filter((x) => !gone.has(typeof x === 'string' ? x : x.id));
  const subscription = { ...d.subscription, latest_invoice: invoiceId, discounts } as Stripe.Subscription;
  const events = d.events.map((e) =>
    e.type === 'customer.subscription.updated' && d.before
      ? { ...e, object: subscription, previous_attributes: previousAttributes(d.before as any, subscription as any) }
      : { ...e, object: subscription },
  );
  return { ...d, subscription, events: d.before && !events.length ? updatedEvents(d.before, subscription) : events };
}
