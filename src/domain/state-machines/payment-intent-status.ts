// PaymentIntent statuses and their transitions (Stripe's lifecycle, including manual capture).

import { stateMachine, type TransitionResult } from './state-machine.ts';

export const PAYMENT_INTENT_STATUSES = [
  'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled',
] as const;
export type PaymentIntentStatus = (typeof PAYMENT_INTENT_STATUSES)[number];

export const paymentIntentStatus = stateMachine<PaymentIntentStatus>('payment_intent', PAYMENT_INTENT_STATUSES, {
  requires_payment_method: ['requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled'],
  requires_confirmation: ['requires_payment_method', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled'],
  requires_action: ['requires_payment_method', 'requires_confirmation', 'processing', 'requires_capture', 'succeeded', 'canceled'],
  // a failed asynchronous payment returns to requires_payment_method
  processing: ['requires_payment_method', 'requires_capture', 'succeeded', 'canceled'],
  requires_capture: ['succeeded', 'canceled'],
  succeeded: [],
  canceled: [],
});

export function transition(from: PaymentIntentStatus, to: PaymentIntentStatus): TransitionResult<PaymentIntentStatus> {
  return paymentIntentStatus.transition(from, to);
}
