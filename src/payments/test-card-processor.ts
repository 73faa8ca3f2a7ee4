// The built-in processor for test mode: a card behaves as Stripe's test card with the same
// number (recognized by fingerprint); any other card succeeds.
import type Stripe from 'stripe';
import type { PaymentGateway } from './payment-gateway.ts';
import { testCardByFingerprint, type CardFailure } from './test-cards.ts';

const fail = (f: CardFailure) => ({
  status: 'failed' as const,
  code: f.code,
  ...(f.decline_code ? { decline_code: f.decline_code } : {}),
  message: f.message,
  ...(f.param ? { param: f.param } : {}),
});

const testCardOf = (pm: Stripe.PaymentMethod) => testCardByFingerprint(pm.card?.fingerprint);

export const testCardProcessor: PaymentGateway = {
  async charge({ paymentMethod }) {
    const card = testCardOf(paymentMethod);
    const failure = card?.declines ?? card?.chargeFails;
    return failure ? fail(failure) : { status: 'succeeded' };
  },
  async verify({ paymentMethod }) {
    const failure = testCardOf(paymentMethod)?.declines;
    return failure ? fail(failure) : { status: 'succeeded' };
  },
};
