// SetupIntent statuses and their transitions (Stripe's lifecycle).

import { stateMachine } from './state-machine.ts';

export const SETUP_INTENT_STATUSES = [
  'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'succeeded', 'canceled',
] as const;
export type SetupIntentStatus = (typeof SETUP_INTENT_STATUSES)[number];

export const setupIntentStatus = stateMachine<SetupIntentStatus>('setup_intent', SETUP_INTENT_STATUSES, {
  requires_payment_method: ['requires_confirmation', 'processing', 'canceled'],
  requires_confirmation: ['requires_payment_method', 'processing', 'canceled'],
  requires_action: ['requires_payment_method', 'processing', 'succeeded', 'canceled'],
  // the card's verification: succeeded, needs the customer's authentication, or failed
  processing: ['requires_payment_method', 'requires_action', 'succeeded'],
  succeeded: [],
  canceled: [],
});
