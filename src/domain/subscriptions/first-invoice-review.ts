// A subscription whose first invoice waits, as a draft, for finance to review it (Recur's templates,
// seed 000): it starts as it would once that invoice is settled, since nobody is asked to pay yet.
// A trial stays a trial; an incomplete start (waiting for a first payment) becomes active.
import type Stripe from 'stripe';

export function awaitingFirstInvoiceReview(sub: Stripe.Subscription): Stripe.Subscription {
  return sub.status === 'incomplete' ? { ...sub, status: 'active' } : sub;
}
