// /v1/promotion_codes: create, retrieve, update, list.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, currency, int, listParams, metadata, str, timestamp, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createPromotionCode } from '../../services/promotion-codes/create-promotion-code.ts';
import { updatePromotionCode } from '../../services/promotion-codes/update-promotion-code.ts';
import { loadPromotionCode } from '../../services/promotion-codes/promotion-code-store.ts';

const amount = int({ min: 0, max: 100_000_000_000 });
const currencyOptions = z.record(z.string(), z.strictObject({ minimum_amount: amount }));

const createParams = z.strictObject({
  promotion: z.strictObject({ type: z.literal('coupon', { error: 'promotion[type] must be coupon.' }), coupon: str({ min: 1 }).optional() }),
  code: str({ min: 1, max: 500 })
    .regex(/^[A-Za-z0-9_-]+$/, { error: 'code may contain only letters, digits, `-` and `_`.' })
    .optional(),
  customer: str({ min: 1 }).optional(),
  expires_at: timestamp().optional(),
  max_redemptions: int({ min: 1 }).optional(),
  active: bool().optional(),
  restrictions: z
    .strictObject({
      first_time_transaction: bool().optional(),
      minimum_amount: amount.optional(),
      minimum_amount_currency: currency().optional(),
      currency_options: currencyOptions.optional(),
    })
    .optional(),
  metadata: metadata().optional(),
});

const updateParams = z.strictObject({
  active: bool().optional(),
  metadata: metadata().optional(),
  restrictions: z.strictObject({ currency_options: currencyOptions.optional() }).optional(),
});

const listQuery = z.strictObject({
  ...listParams,
  active: bool().optional(),
  code: str().optional(),
  coupon: str().optional(),
  customer: str().optional(),
});

export const promotionCodeRoutes = [
  route({
    method: 'POST',
    path: '/v1/promotion_codes',
    summary: 'Create a promotion code',
    params: createParams,
    handler: (ctx, p) => createPromotionCode(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/promotion_codes/:id',
    summary: 'Retrieve a promotion code',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadPromotionCode(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/promotion_codes/:id',
    summary: 'Update a promotion code',
    params: updateParams,
    handler: (ctx, p, path) => updatePromotionCode(ctx, path.id, p),
  }),
  route({
    method: 'GET',
    path: '/v1/promotion_codes',
    summary: 'List promotion codes',
    params: listQuery,
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'promotion_codes',
        '/v1/promotion_codes',
        p,
        [
          ...(p.active !== undefined ? [cond('active = ?', p.active)] : []),
          ...(p.code !== undefined ? [cond('upper(code) = upper(?)', p.code)] : []),
          ...(p.coupon !== undefined ? [cond('coupon_id = ?', p.coupon)] : []),
          ...(p.customer !== undefined ? [cond('customer_id = ?', p.customer)] : []),
        ],
        'promotion code',
      ),
  }),
];
