// /v1/coupons: create, retrieve, update, delete, list.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { currency, decimalString, emptyable, int, list, listParams, metadata, oneOf, str, timestamp, z } from '../params.ts';
import { createCoupon } from '../../services/coupons/create-coupon.ts';
import { updateCoupon } from '../../services/coupons/update-coupon.ts';
import { deleteCoupon } from '../../services/coupons/delete-coupon.ts';
import { listCoupons } from '../../services/coupons/list-coupons.ts';
import { loadCoupon, presentCoupon } from '../../services/coupons/coupon-store.ts';

const currencyOptions = z.record(z.string(), z.strictObject({ amount_off: int({ min: 1, max: 100_000_000_000 }) }));

const createParams = z.strictObject({
  id: str({ max: 200, min: 1 }).optional(),
  name: str({ max: 40 }).optional(),
  percent_off: decimalString().optional(),
  amount_off: int({ min: 1, max: 100_000_000_000 }).optional(),
  currency: currency().optional(),
  duration: oneOf(['once', 'repeating', 'forever']).optional(),
  duration_in_months: int({ min: 1, max: 1200 }).optional(),
  max_redemptions: int({ min: 1 }).optional(),
  redeem_by: timestamp().optional(),
  applies_to: z.strictObject({ products: list(str({ min: 1 }), { max: 100 }).optional() }).optional(),
  currency_options: currencyOptions.optional(),
  metadata: metadata().optional(),
});

const updateParams = z.strictObject({
  name: emptyable(str({ max: 40 })).optional(),
  metadata: metadata().optional(),
  currency_options: currencyOptions.optional(),
});

export const couponRoutes = [
  route({
    method: 'POST',
    path: '/v1/coupons',
    summary: 'Create a coupon',
    params: createParams,
    handler: (ctx, p) => createCoupon(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/coupons/:id',
    summary: 'Retrieve a coupon',
    params: z.strictObject({}),
    handler: async (ctx, _p, path) => presentCoupon(await loadCoupon(ctx.db, path.id), ctx.clock.now()),
  }),
  route({
    method: 'POST',
    path: '/v1/coupons/:id',
    summary: 'Update a coupon',
    params: updateParams,
    handler: (ctx, p, path) => updateCoupon(ctx, path.id, p),
  }),
  route({
    method: 'DELETE',
    path: '/v1/coupons/:id',
    summary: 'Delete a coupon',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => deleteCoupon(ctx, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/coupons',
    summary: 'List coupons',
    params: z.strictObject(listParams),
    handler: (ctx, p) => listCoupons(ctx, p),
  }),
];
