// /v1/payment_methods (and a customer's payment methods), /v1/payment_intents, /v1/charges.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { address, bool, currency, emptyable, int, list, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond, type Condition } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { createPaymentMethod, materializeTestPaymentMethod } from '../../services/payment-methods/create-payment-method.ts';
import { attachPaymentMethod } from '../../services/payment-methods/attach-payment-method.ts';
import { detachPaymentMethod } from '../../services/payment-methods/detach-payment-method.ts';
import { updatePaymentMethod } from '../../services/payment-methods/update-payment-method.ts';
import { customerIdOf, insertPaymentMethod, loadPaymentMethod } from '../../payments/payment-method-store.ts';
import { loadCharge, loadPaymentIntent } from '../../payments/payment-records-store.ts';
import { createPaymentIntent } from '../../services/payment-intents/create-payment-intent.ts';
import { confirmPaymentIntent } from '../../services/payment-intents/confirm-payment-intent.ts';
import { resourceMissing } from '../../core/errors.ts';

const billingDetails = emptyable(
  z.strictObject({
    address: emptyable(address()).optional(),
    email: emptyable(str({ max: 800 })).optional(),
    name: emptyable(str({ max: 800 })).optional(),
    phone: emptyable(str({ max: 800 })).optional(),
    tax_id: emptyable(str({ max: 800 })).optional(),
  }),
);
const allowRedisplay = oneOf(['always', 'limited', 'unspecified']);
const networks = z.strictObject({ preferred: emptyable(oneOf(['cartes_bancaires', 'mastercard', 'visa'])).optional() });

const createParams = z.strictObject({
  type: oneOf(['card']),
  card: z
    .strictObject({
      number: str({ max: 30 }).optional(),
      exp_month: int().optional(),
      exp_year: int().optional(),
      cvc: str({ max: 10 }).optional(),
      token: str().optional(),
      networks: networks.optional(),
    })
    .optional(),
  billing_details: billingDetails.optional(),
  metadata: metadata().optional(),
  allow_redisplay: allowRedisplay.optional(),
});

const updateParams = z.strictObject({
  billing_details: billingDetails.optional(),
  metadata: metadata().optional(),
  allow_redisplay: allowRedisplay.optional(),
  card: z.strictObject({ exp_month: int().optional(), exp_year: int().optional(), networks: networks.optional() }).optional(),
});

const typeFilter = str({ max: 100 }).optional();

/** A payment method by id; a test id (pm_card_visa) yields a new payment method, as Stripe's does. */
async function retrievePaymentMethod(ctx: ServiceContext, id: string) {
  const materialized = materializeTestPaymentMethod(ctx, id, ctx.clock.now(), 'id');
  if (!materialized) return loadPaymentMethod(ctx.db, id);
  await insertPaymentMethod(ctx.db, materialized);
  return materialized;
}

const pmConditions = (customer: string | undefined, type: string | undefined): Condition[] => [
  ...(customer !== undefined ? [cond('customer_id = ?', customer)] : []),
  ...(type !== undefined ? [cond(`data->>'type' = ?`, type)] : []),
];

const paymentMethodRoutes = [
  route({
    method: 'POST',
    path: '/v1/payment_methods',
    summary: 'Create a payment method',
    params: createParams,
    handler: (ctx, p) => {
      const { card, ...rest } = p;
      const { networks: _n, ...cardInput } = card ?? {};
      return createPaymentMethod(ctx, { ...rest, card: card ? cardInput : undefined });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/payment_methods/:id',
    summary: 'Retrieve a payment method',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => retrievePaymentMethod(ctx, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/payment_methods/:id',
    summary: 'Update a payment method',
    params: updateParams,
    handler: (ctx, p, path) => {
      const { card, ...rest } = p;
      const { networks: _n, ...cardInput } = card ?? {};
      return updatePaymentMethod(ctx, path.id, { ...rest, card: card ? cardInput : undefined });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/payment_methods/:id/attach',
    summary: 'Attach a payment method to a customer',
    params: z.strictObject({ customer: str({ min: 1 }) }),
    handler: async (ctx, p, path) => attachPaymentMethod(ctx, path.id, p.customer, { param: 'id' }),
  }),
  route({
    method: 'POST',
    path: '/v1/payment_methods/:id/detach',
    summary: 'Detach a payment method from its customer',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => detachPaymentMethod(ctx, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/payment_methods',
    summary: 'List payment methods',
    params: z.strictObject({ ...listParams, customer: str().optional(), type: typeFilter, allow_redisplay: allowRedisplay.optional() }),
    handler: async (ctx, p) => {
      if (p.customer !== undefined) await loadCustomer(ctx.db, p.customer, { param: 'customer' });
      const { customer, type, allow_redisplay, ...page } = p;
      return listEnvelope(
        ctx.db,
        'payment_methods',
        '/v1/payment_methods',
        page,
        [...pmConditions(customer, type), ...(allow_redisplay ? [cond(`data->>'allow_redisplay' = ?`, allow_redisplay)] : [])],
        'PaymentMethod',
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/:id/payment_methods',
    summary: "List a customer's payment methods",
    params: z.strictObject({ ...listParams, type: typeFilter, allow_redisplay: allowRedisplay.optional() }),
    handler: async (ctx, p, path) => {
      await loadCustomer(ctx.db, path.id);
      const { type, allow_redisplay, ...page } = p;
      return listEnvelope(
        ctx.db,
        'payment_methods',
        `/v1/customers/${path.id}/payment_methods`,
        page,
        [...pmConditions(path.id, type), ...(allow_redisplay ? [cond(`data->>'allow_redisplay' = ?`, allow_redisplay)] : [])],
        'PaymentMethod',
      );
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/:id/payment_methods/:payment_method',
    summary: "Retrieve a customer's payment method",
    params: z.strictObject({}),
    handler: async (ctx, _p, path) => {
      await loadCustomer(ctx.db, path.id);
      const pm = await loadPaymentMethod(ctx.db, path.payment_method, { param: 'payment_method' }).catch(() => null);
      if (!pm || customerIdOf(pm) !== path.id) throw resourceMissing('PaymentMethod', path.payment_method, 'payment_method');
      return pm;
    },
  }),
];

const paymentIntentCreateParams = z.strictObject({
  amount: int({ min: 1, max: 99_999_999 }),
  currency: currency(),
  customer: str().optional(),
  payment_method: str().optional(),
  confirm: bool().optional(),
  description: str({ max: 1000 }).optional(),
  metadata: metadata().optional(),
  off_session: z.union([bool(), oneOf(['one_off', 'recurring'])]).optional(),
  allowed_payment_method_types: list(oneOf(['card']), { max: 20 }).optional(),
  setup_future_usage: oneOf(['off_session', 'on_session']).optional(),
  receipt_email: str().optional(),
  statement_descriptor: str({ max: 22 }).optional(),
  statement_descriptor_suffix: str({ max: 22 }).optional(),
  capture_method: oneOf(['automatic', 'automatic_async', 'manual']).optional(),
  return_url: str({ max: 2048 }).optional(),
});

const paymentIntentRoutes = [
  route({
    method: 'POST',
    path: '/v1/payment_intents',
    summary: 'Create a payment intent (confirm=true charges it at once)',
    params: paymentIntentCreateParams,
    transaction: false,
    handler: (ctx, p) => createPaymentIntent(ctx, p),
  }),
  route({
    method: 'POST',
    path: '/v1/payment_intents/:id/confirm',
    summary: 'Confirm a payment intent: charge its payment method',
    params: z.strictObject({
      payment_method: str().optional(),
      off_session: z.union([bool(), oneOf(['one_off', 'recurring'])]).optional(),
      return_url: str({ max: 2048 }).optional(),
    }),
    transaction: false,
    handler: (ctx, p, path) => confirmPaymentIntent(ctx, path.id, { payment_method: p.payment_method, return_url: p.return_url }),
  }),
  route({
    method: 'GET',
    path: '/v1/payment_intents/:id',
    summary: 'Retrieve a payment intent',
    params: z.strictObject({ client_secret: str().optional() }),
    handler: (ctx, _p, path) => loadPaymentIntent(ctx.db, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/payment_intents',
    summary: 'List payment intents',
    params: z.strictObject({ ...listParams, customer: str().optional() }),
    handler: (ctx, p) => {
      const { customer, ...page } = p;
      return listEnvelope(
        ctx.db,
        'payment_intents',
        '/v1/payment_intents',
        page,
        customer !== undefined ? [cond('customer_id = ?', customer)] : [],
        'payment_intent',
      );
    },
  }),
];

const chargeRoutes = [
  route({
    method: 'GET',
    path: '/v1/charges/:id',
    summary: 'Retrieve a charge',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadCharge(ctx.db, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/charges',
    summary: 'List charges',
    params: z.strictObject({ ...listParams, customer: str().optional(), payment_intent: str().optional(), transfer_group: str().optional() }),
    handler: (ctx, p) => {
      const { customer, payment_intent, transfer_group, ...page } = p;
      return listEnvelope(
        ctx.db,
        'charges',
        '/v1/charges',
        page,
        [
          ...(customer !== undefined ? [cond('customer_id = ?', customer)] : []),
          ...(payment_intent !== undefined ? [cond('payment_intent_id = ?', payment_intent)] : []),
          ...(transfer_group !== undefined ? [cond(`data->>'transfer_group' = ?`, transfer_group)] : []),
        ],
        'charge',
      );
    },
  }),
];

export const paymentRoutes = [...paymentMethodRoutes, ...paymentIntentRoutes, ...chargeRoutes];
