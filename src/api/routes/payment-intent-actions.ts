// Capturing and canceling PaymentIntents (capture_method manual), and searching payment intents
// and charges with Stripe's search query language.
import { route } from '../route.ts';
import { int, oneOf, searchParams, z } from '../params.ts';
import { createdField, dataText, searchEnvelope } from '../search/compile.ts';
import { cancelPaymentIntent, capturePaymentIntent } from '../../services/payment-intents/capture-payment-intent.ts';

const amountField = { amount: { sql: `((data->>'amount')::bigint)`, type: 'number' as const } };

const paymentIntentSearchable = {
  ...amountField,
  currency: dataText('currency'),
  customer: dataText('customer'),
  status: dataText('status'),
  ...createdField,
};

const chargeSearchable = {
  ...amountField,
  currency: dataText('currency'),
  customer: dataText('customer'),
  status: dataText('status'),
  payment_intent: dataText('payment_intent'),
  disputed: { sql: `((data->>'disputed')::boolean)`, type: 'boolean' as const },
  refunded: { sql: `((data->>'refunded')::boolean)`, type: 'boolean' as const },
  ...createdField,
};

export const paymentIntentActionRoutes = [
  route({
    method: 'POST',
    path: '/v1/payment_intents/:id/capture',
    summary: 'Capture an authorized payment intent (all, or amount_to_capture; the rest is released)',
    params: z.strictObject({ amount_to_capture: int({ min: 1, max: 99_999_999 }).optional() }),
    transaction: false,
    handler: function capturePaymentIntentRoute(ctx, p, path) {
      return capturePaymentIntent(ctx, path.id, { amount_to_capture: p.amount_to_capture });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/payment_intents/:id/cancel',
    summary: 'Cancel a payment intent (an authorization is released)',
    params: z.strictObject({ cancellation_reason: oneOf(['abandoned', 'duplicate', 'fraudulent', 'requested_by_customer']).optional() }),
    transaction: false,
    handler: function cancelPaymentIntentRoute(ctx, p, path) {
      return cancelPaymentIntent(ctx, path.id, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/payment_intents/search',
    summary: 'Search payment intents',
    params: z.strictObject(searchParams),
    handler: function searchPaymentIntentsRoute(ctx, p) {
      return searchEnvelope(ctx.db, 'payment_intents', '/v1/payment_intents/search', p, paymentIntentSearchable);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/charges/search',
    summary: 'Search charges',
    params: z.strictObject(searchParams),
    handler: function searchChargesRoute(ctx, p) {
      return searchEnvelope(ctx.db, 'charges', '/v1/charges/search', p, chargeSearchable);
    },
  }),
];
