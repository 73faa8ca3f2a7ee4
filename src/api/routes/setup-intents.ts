// /v1/setup_intents: create (confirm=true verifies and saves the card at once), confirm, update,
// cancel, retrieve, list (customer, payment_method).
import { route } from '../route.ts';
import { bool, emptyable, list, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { cancelSetupIntent, confirmSetupIntent, createSetupIntent, updateSetupIntent } from '../../services/setup-intents/setup-intents.ts';
import { loadSetupIntent } from '../../services/setup-intents/setup-intent-store.ts';

const createParams = z.strictObject({
  customer: str().optional(),
  payment_method: str().optional(),
  usage: oneOf(['on_session', 'off_session']).optional(),
  confirm: bool().optional(),
  description: str({ max: 1000 }).optional(),
  metadata: metadata().optional(),
  // This API version names them allowed_payment_method_types; older clients send payment_method_types.
  allowed_payment_method_types: list(oneOf(['card']), { max: 20 }).optional(),
  payment_method_types: list(oneOf(['card']), { max: 20 }).optional(),
  return_url: str().optional(),
});

export const setupIntentRoutes = [
  route({
    method: 'POST',
    path: '/v1/setup_intents',
    summary: 'Create a SetupIntent (confirm=true verifies the card and saves it to the customer)',
    params: createParams,
    transaction: false,
    handler: function createSetupIntentRoute(ctx, p) {
      const { return_url: _r, allowed_payment_method_types: allowed, ...input } = p;
      return createSetupIntent(ctx, { ...input, allowed_payment_method_types: allowed });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    summary: 'Confirm a SetupIntent: verify its payment method and save it to the customer',
    params: z.strictObject({ payment_method: str().optional(), return_url: str().optional() }),
    transaction: false,
    handler: function confirmSetupIntentRoute(ctx, p, path) {
      return confirmSetupIntent(ctx, path.id, { payment_method: p.payment_method });
    },
  }),
  route({
    method: 'POST',
    path: '/v1/setup_intents/:id/cancel',
    summary: 'Cancel a SetupIntent',
    params: z.strictObject({ cancellation_reason: oneOf(['abandoned', 'duplicate', 'requested_by_customer']).optional() }),
    handler: function cancelSetupIntentRoute(ctx, p, path) {
      return cancelSetupIntent(ctx, path.id, p);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/setup_intents/:id',
    summary: 'Update a SetupIntent',
    params: z.strictObject({ description: emptyable(str({ max: 1000 })).optional(), metadata: metadata().optional(), payment_method: str().optional() }),
    handler: function updateSetupIntentRoute(ctx, p, path) {
      return updateSetupIntent(ctx, path.id, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/setup_intents/:id',
    summary: 'Retrieve a SetupIntent',
    params: z.strictObject({ client_secret: str().optional() }),
    handler: function retrieveSetupIntentRoute(ctx, _p, path) {
      return loadSetupIntent(ctx.db, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/setup_intents',
    summary: 'List SetupIntents',
    params: z.strictObject({ ...listParams, customer: str().optional(), payment_method: str().optional(), attach_to_self: bool().optional() }),
    handler: function listSetupIntentsRoute(ctx, p) {
      const { customer, payment_method, attach_to_self: _a, ...page } = p;
      return listEnvelope(
        ctx.db,
        'setup_intents',
        '/v1/setup_intents',
        page,
        [...(customer !== undefined ? [cond('customer_id = ?', customer)] : []), ...(payment_method !== undefined ? [cond('payment_method_id = ?', payment_method)] : [])],
        'setup_intent',
      );
    },
  }),
];
