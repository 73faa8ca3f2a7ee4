// The period a subscription is in: the span its items share (every item bills on one cycle).
import type Stripe from 'stripe';

export function currentPeriod(s: Stripe.Subscription): { start: number; end: number } {
  const items = s.items.data;
  if (!items.length) return { start: s.billing_cycle_anchor, end: s.billing_cycle_anchor };
  return {
    start: Math.min(...items.map((i) => i.current_period_start)),
    end: Math.min(...items.map((i) => i.current_period_end)),
  };
}
