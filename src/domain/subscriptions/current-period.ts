// The period a subscription is in: the period of the items that renew first. Items usually share
// one; with mixed intervals (flexible billing mode) each has its own, and the subscription's next
// boundary is the earliest of their ends.
import type Stripe from 'stripe';

export function currentPeriod(s: Stripe.Subscription): { start: number; end: number } {
  const items = s.items.data;
  if (!items.length) return { start: s.billing_cycle_anchor, end: s.billing_cycle_anchor };
  const end = Math.min(...items.map((i) => i.current_period_end));
  return { start: Math.min(...items.filter((i) => i.current_period_end === end).map((i) => i.current_period_start)), end };
}

/** An item's own period. */
export const itemPeriod = (i: Stripe.SubscriptionItem): { start: number; end: number } => ({ start: i.current_period_start, end: i.current_period_end });
