// Subscription statuses and the transitions Stripe allows between them.

import { stateMachine, type TransitionResult } from './state-machine.ts';

export const SUBSCRIPTION_STATUSES = ['incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'paused', 'canceled'] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export const subscriptionStatus = stateMachine<SubscriptionStatus>('subscription', SUBSCRIPTION_STATUSES, {
  // first invoice paid, or not paid within 23 hours, or canceled while waiting
  incomplete: ['active', 'trialing', 'incomplete_expired', 'canceled'],
  // trial ends: paid, payment failed, no payment method (missing_payment_method: pause), or first payment needs action
  trialing: ['active', 'past_due', 'paused', 'canceled', 'incomplete'],
  // renewal payment failed, canceled, paused (pause endpoint), or trial_end set again
  active: ['past_due', 'canceled', 'paused', 'trialing'],
  past_due: ['active', 'unpaid', 'canceled'],
  unpaid: ['active', 'canceled'],
  paused: ['active', 'canceled'],
  canceled: [],
  incomplete_expired: [],
});

export function transition(from: SubscriptionStatus, to: SubscriptionStatus): TransitionResult<SubscriptionStatus> {
  return subscriptionStatus.transition(from, to);
}
