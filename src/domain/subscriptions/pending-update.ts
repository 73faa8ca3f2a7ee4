// Pending updates (payment_behavior=pending_if_incomplete): a change whose invoice is not paid at
// once leaves the subscription as it was, with the change held in `pending_update` for 23 hours.
// Paying that invoice applies it; letting it expire drops it. Pure: the caller loads and saves.
import type Stripe from 'stripe';

/** How long a pending update waits for its invoice to be paid (Stripe's 23 hours). */
export const PENDING_UPDATE_SECONDS = 23 * 3600;

/** Parameters an update may carry with payment_behavior=pending_if_incomplete (Stripe's list). */
export const PENDING_UPDATE_PARAMS: ReadonlySet<string> = new Set([
  'items', 'proration_behavior', 'proration_date', 'billing_cycle_anchor', 'trial_end', 'trial_from_plan', 'payment_behavior', 'expand',
]);

/** The subscription as it was before the change, holding the change (`after`) as its pending update. */
export function holdPendingUpdate(before: Stripe.Subscription, after: Stripe.Subscription, now: number): Stripe.Subscription {
  const pending = {
    billing_cycle_anchor: after.billing_cycle_anchor !== before.billing_cycle_anchor ? after.billing_cycle_anchor : null,
    expires_at: now + PENDING_UPDATE_SECONDS,
    subscription_items: after.items.data,
    trial_end: after.trial_end !== before.trial_end ? after.trial_end : null,
    trial_from_plan: null,
  } as unknown as Stripe.Subscription.PendingUpdate;
  return { ...before, latest_invoice: after.latest_invoice, pending_update: pending };
}

/** The held change applied (its invoice was paid): the items, anchor and trial end it names. */
export function applyPendingUpdate(sub: Stripe.Subscription): Stripe.Subscription {
  const p = sub.pending_update;
  if (!p) return sub;
  return {
    ...sub,
    items: { ...sub.items, data: p.subscription_items ?? sub.items.data },
    billing_cycle_anchor: p.billing_cycle_anchor ?? sub.billing_cycle_anchor,
    trial_end: p.trial_end ?? sub.trial_end,
    pending_update: null,
  };
}

/** The held change dropped (it expired unpaid). */
export const dropPendingUpdate = (sub: Stripe.Subscription): Stripe.Subscription => ({ ...sub, pending_update: null });
