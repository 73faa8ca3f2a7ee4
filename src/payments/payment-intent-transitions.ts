// The PaymentIntent state machine: every status change goes through this table.
import type Stripe from 'stripe';
import { invalidState } from '../core/errors.ts';

export type PaymentIntentStatus =
  | 'requires_payment_method'
  | 'requires_confirmation'
  | 'requires_action'
  | 'processing'
  | 'requires_capture'
  | 'succeeded'
  | 'canceled';

const ALLOWED: Record<PaymentIntentStatus, readonly PaymentIntentStatus[]> = {
  // A failed attempt leaves the intent where it was: waiting for a (new) payment method.
  requires_payment_method: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled'],
  requires_confirmation: ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled'],
  requires_action: ['requires_payment_method', 'requires_action', 'processing', 'succeeded', 'canceled'],
  processing: ['requires_payment_method', 'requires_action', 'requires_capture', 'succeeded'],
  requires_capture: ['succeeded', 'canceled'],
  succeeded: [],
  canceled: [],
};

export function canTransition(from: string, to: PaymentIntentStatus): boolean {
  return (ALLOWED[from as PaymentIntentStatus] ?? []).includes(to);
}

/** The intent with its new status, or the error Stripe gives for an intent in the wrong state. */
export function transitionPaymentIntent(pi: Stripe.PaymentIntent, to: PaymentIntentStatus): Stripe.PaymentIntent {
  if (!canTransition(pi.status, to))
    throw invalidState(
      `This PaymentIntent's status is ${pi.status}, so it cannot move to ${to}.`,
      undefined,
      'payment_intent_unexpected_state',
    );
  return { ...pi, status: to };
}
