// When a customer (or a subscription) gets a new default payment method, their invoices in
// dunning are tried again at once with it, outside the retry schedule (Stripe does the same: the
// attempt does not count as one of the scheduled retries). Pure: which invoices, and how.
import type Stripe from 'stripe';

/** The id of a payment method field that may hold an id or the expanded object. */
export const paymentMethodIdOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

/**
 * The open invoices to try again now: collected automatically, already attempted and failed
 * (in dunning, or left open when dunning ended). Drafts, paid, void and uncollectible invoices,
 * invoices never attempted yet and invoices whose automatic collection is off are left alone.
 */
export function invoicesToRetry<I extends Pick<Stripe.Invoice, 'status' | 'collection_method' | 'attempted' | 'amount_remaining' | 'auto_advance'>>(
  invoices: I[],
): I[] {
  return invoices.filter((i) => i.status === 'open' && i.collection_method === 'charge_automatically' && i.auto_advance && i.attempted && i.amount_remaining > 0);
}

/**
 * The invoice scheduled for an attempt at `now`. A subscription's new payment method replaces the
 * one its invoices copied when they were created (`paymentMethod`); a customer's new default is
 * used through the usual order (invoice, subscription, customer).
 */
export function retryNow(invoice: Stripe.Invoice, now: number, paymentMethod?: string): Stripe.Invoice {
  return {
    ...invoice,
    next_payment_attempt: now,
    ...(paymentMethod ? { default_payment_method: paymentMethod } : {}),
  };
}
