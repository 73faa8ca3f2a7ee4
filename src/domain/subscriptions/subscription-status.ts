// Every subscription status change goes through the domain's state machine.
import type Stripe from 'stripe';
import { transition, type SubscriptionStatus } from '../state-machines/subscription-status.ts';
import { invalidState } from '../../core/errors.ts';

/** The subscription with its new status; staying put is not a change. Refused moves are a 400. */
export function withStatus(s: Stripe.Subscription, to: SubscriptionStatus): Stripe.Subscription {
  if (s.status === to) return s;
  const r = transition(s.status as SubscriptionStatus, to);
  if (!r.ok) throw invalidState(`The subscription ${s.id} cannot change status: ${r.reason}.`);
  return { ...s, status: r.status };
}

/** Whether the state machine allows the move (for hooks that react only when it applies). */
export function canMove(s: Stripe.Subscription, to: SubscriptionStatus): boolean {
  return s.status !== to && transition(s.status as SubscriptionStatus, to).ok;
}

export const ENDED: readonly string[] = ['canceled', 'incomplete_expired'];
