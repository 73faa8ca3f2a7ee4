// /v1/refunds: create (full or partial, on a charge or a payment intent), retrieve, update
// (metadata), list (by charge, payment intent, created) and cancel while pending.
import { route } from '../route.ts';
import { int, listParams, metadata, oneOf, rangeQuery, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createRefund } from '../../services/refunds/create-refund.ts';
import { cancelRefund, updateRefund } from '../../services/refunds/change-refund.ts';
import { loadRefund, refundObject } from '../../services/refunds/refund-store.ts';

const createParams = z.strictObject({
  charge: str().optional(),
  payment_intent: str().optional(),
  amount: int({ min: 1, max: 99_999_999_999 }).optional(),
  reason: oneOf(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
  metadata: metadata().optional(),
  instructions_email: str().optional(),
});

export const refundRoutes = [
  route({
    method: 'POST',
    path: '/v1/refunds',
    summary: 'Create a refund of a charge or a payment intent (full or partial)',
    params: createParams,
    // The refund is committed before the gateway is asked, and its outcome recorded after.
    transaction: false,
    handler: function createRefundRoute(ctx, p) {
      const { metadata: m, instructions_email: _e, ...rest } = p;
      const meta = m ? Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')) : undefined;
      return createRefund(ctx, { ...rest, metadata: meta });
    },
  }),
  route({
    method: 'GET',
    path: '/v1/refunds/:id',
    summary: 'Retrieve a refund',
    params: z.strictObject({}),
    handler: async function retrieveRefundRoute(ctx, _p, path) {
      return refundObject(await loadRefund(ctx.db, path.id));
    },
  }),
  route({
    method: 'POST',
    path: '/v1/refunds/:id',
    summary: "Update a refund's metadata",
    params: z.strictObject({ metadata: metadata().optional() }),
    handler: function updateRefundRoute(ctx, p, path) {
      return updateRefund(ctx, path.id, p);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/refunds/:id/cancel',
    summary: 'Cancel a pending refund',
    params: z.strictObject({}),
    transaction: false,
    handler: function cancelRefundRoute(ctx, _p, path) {
      return cancelRefund(ctx, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/refunds',
    summary: 'List refunds',
    params: z.strictObject({ ...listParams, charge: str().optional(), payment_intent: str().optional(), created: rangeQuery().optional() }),
    handler: function listRefundsRoute(ctx, p) {
      const { charge, payment_intent, ...page } = p;
      return listEnvelope(
        ctx.db,
        'refunds',
        '/v1/refunds',
        page,
        [
          ...(charge !== undefined ? [cond('charge_id = ?', charge)] : []),
          ...(payment_intent !== undefined ? [cond('payment_intent_id = ?', payment_intent)] : []),
        ],
        'refund',
      );
    },
  }),
];
