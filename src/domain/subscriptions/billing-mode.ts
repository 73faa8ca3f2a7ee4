// A subscription's billing mode (API 2026-10-28.endive): flexible unless classic is asked for, and a
// classic subscription may move to flexible, never back. Flexible credits what was actually debited
// (flexible-credits.ts); classic credits the item's current price.
import type Stripe from 'stripe';
import { invalidRequest, invalidState } from '../../core/errors.ts';

export type ProrationDiscounts = 'included' | 'itemized';

export interface BillingModeRequest {
  type: 'classic' | 'flexible';
  flexible?: { proration_discounts?: ProrationDiscounts };
}

export function billingModeOf(request: BillingModeRequest | undefined, now: number, param = 'billing_mode'): Stripe.Subscription.BillingMode {
  const type = request?.type ?? 'flexible';
  if (type === 'classic') {
    if (request?.flexible !== undefined) throw invalidRequest('billing_mode[flexible] can only be set with billing_mode[type]=flexible.', `${param}[flexible]`);
    return { flexible: null, type: 'classic', updated_at: now };
  }
  return { flexible: { proration_discounts: request?.flexible?.proration_discounts ?? 'included' }, type: 'flexible', updated_at: now };
}

export const isFlexible = (s: Pick<Stripe.Subscription, 'billing_mode'>): boolean => s.billing_mode?.type === 'flexible';

/** How a flexible subscription shows the discounts of its prorations (`included` unless asked). */
export const prorationDiscountsOf = (s: Pick<Stripe.Subscription, 'billing_mode'>): ProrationDiscounts =>
  s.billing_mode?.flexible?.proration_discounts === 'itemized' ? 'itemized' : 'included';

/** POST /v1/subscriptions/:id/migrate: classic → flexible, with the instant it was adopted. */
export function migrateBillingMode(sub: Stripe.Subscription, request: BillingModeRequest, now: number): Stripe.Subscription {
  if (request.type !== 'flexible') throw invalidRequest('A subscription can only be migrated to flexible billing mode.', 'billing_mode[type]');
  if (isFlexible(sub)) throw invalidState(`The subscription ${sub.id} already uses flexible billing mode.`, 'billing_mode[type]');
  if (sub.status === 'canceled' || sub.status === 'incomplete_expired')
    throw invalidState(`The subscription ${sub.id} has ended (${sub.status}); it cannot be migrated.`);
  return { ...sub, billing_mode: billingModeOf(request, now) };
}
