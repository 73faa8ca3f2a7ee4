// /v1/prices: create, retrieve, update, list, search. `tiers` and `currency_options` are stored
// with the price and shown only when expanded (see INCLUDABLE in http/expand.ts), as Stripe does.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, currency, decimalString, emptyable, int, list, listParams, metadata, oneOf, searchParams, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createdField, dataText, searchEnvelope } from '../search/compile.ts';
import { createPrice } from '../../services/prices/create-price.ts';
import { updatePrice } from '../../services/prices/update-price.ts';
import { loadPrice } from '../../services/prices/price-store.ts';

const amount = () => int({ min: 0, max: 100_000_000_000 });
const amountDecimal = () => decimalString({ min: 0 });

export const taxBehavior = () => oneOf(['inclusive', 'exclusive', 'unspecified']);
export const interval = () => oneOf(['day', 'week', 'month', 'year']);

const tier = z.strictObject({
  up_to: z.union([z.literal('inf'), int({ min: 1 })], { error: 'up_to must be a positive integer or inf.' }),
  flat_amount: amount().optional(),
  flat_amount_decimal: amountDecimal().optional(),
  unit_amount: amount().optional(),
  unit_amount_decimal: amountDecimal().optional(),
});

export const customUnitAmount = () =>
  z.strictObject({ enabled: bool(), maximum: amount().optional(), minimum: amount().optional(), preset: amount().optional() });

export const currencyOptions = () =>
  z.record(
    z.string(),
    z.strictObject({
      custom_unit_amount: customUnitAmount().optional(),
      tax_behavior: taxBehavior().optional(),
      tiers: list(tier, { max: 250 }).optional(),
      unit_amount: amount().optional(),
      unit_amount_decimal: amountDecimal().optional(),
    }),
  );

export const unitAmountParams = () => ({ unit_amount: amount().optional(), unit_amount_decimal: amountDecimal().optional() });

const recurring = z.strictObject({
  interval: interval(),
  interval_count: int({ min: 1 }).optional(),
  meter: str({ min: 1, max: 100 }).optional(),
  trial_period_days: int({ min: 0, max: 730 }).optional(),
  usage_type: oneOf(['licensed', 'metered']).optional(),
});

const productData = z.strictObject({
  active: bool().optional(),
  id: str({ min: 1, max: 250 }).optional(),
  metadata: metadata().optional(),
  name: str({ min: 1, max: 250 }),
  statement_descriptor: str({ max: 22 }).optional(),
  tax_code: str().optional(),
  tax_details: z.strictObject({ performance_location: str().optional(), tax_code: emptyable(str()).optional() }).optional(),
  unit_label: str({ max: 12 }).optional(),
});

const createParams = z.strictObject({
  currency: currency(),
  active: bool().optional(),
  billing_scheme: oneOf(['per_unit', 'tiered']).optional(),
  currency_options: currencyOptions().optional(),
  custom_unit_amount: customUnitAmount().optional(),
  lookup_key: str({ min: 1, max: 200 }).optional(),
  metadata: metadata().optional(),
  nickname: str().optional(),
  product: str({ min: 1 }).optional(),
  product_data: productData.optional(),
  recurring: recurring.optional(),
  tax_behavior: taxBehavior().optional(),
  tiers: list(tier, { max: 250 }).optional(),
  tiers_mode: oneOf(['graduated', 'volume']).optional(),
  transfer_lookup_key: bool().optional(),
  transform_quantity: z.strictObject({ divide_by: int({ min: 1, max: 1_000_000_000 }), round: oneOf(['up', 'down']) }).optional(),
  ...unitAmountParams(),
});

const updateParams = z.strictObject({
  active: bool().optional(),
  // '' removes every other currency; preprocessed (not a union) so errors name the nested param.
  currency_options: z.preprocess((v) => (v === '' ? null : v), currencyOptions().nullable()).optional(),
  lookup_key: emptyable(str({ min: 1, max: 200 })).optional(),
  metadata: metadata().optional(),
  nickname: emptyable(str()).optional(),
  tax_behavior: taxBehavior().optional(),
  transfer_lookup_key: bool().optional(),
});

const listQuery = z.strictObject({
  ...listParams,
  active: bool().optional(),
  currency: currency().optional(),
  lookup_keys: list(str({ max: 200 }), { max: 10 }).optional(),
  product: str().optional(),
  recurring: z
    .strictObject({ interval: interval().optional(), meter: str().optional(), usage_type: oneOf(['licensed', 'metered']).optional() })
    .optional(),
  type: oneOf(['one_time', 'recurring']).optional(),
});

const searchable = {
  active: { sql: '(active)', type: 'boolean' as const },
  currency: dataText('currency'),
  lookup_key: dataText('lookup_key'),
  product: dataText('product'),
  type: dataText('type'),
  ...createdField,
};

const when = <T>(v: T | undefined, sql: string) => (v === undefined ? [] : [cond(sql, v)]);

export const priceRoutes = [
  route({
    method: 'POST',
    path: '/v1/prices',
    summary: 'Create a price',
    params: createParams,
    handler: (ctx, p) => createPrice(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/prices/search',
    summary: 'Search prices',
    params: z.strictObject(searchParams),
    handler: (ctx, p) => searchEnvelope(ctx.db, 'prices', '/v1/prices/search', p, searchable),
  }),
  route({
    method: 'GET',
    path: '/v1/prices/:id',
    summary: 'Retrieve a price',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadPrice(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/prices/:id',
    summary: 'Update a price',
    params: updateParams,
    handler: (ctx, p, path) => updatePrice(ctx, path.id, p),
  }),
  route({
    method: 'GET',
    path: '/v1/prices',
    summary: 'List prices',
    params: listQuery,
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'prices',
        '/v1/prices',
        p,
        [
          ...when(p.active, 'active = ?'),
          ...when(p.currency, 'currency = ?'),
          ...when(p.product, 'product_id = ?'),
          ...when(p.type, 'type = ?'),
          ...when(p.lookup_keys, 'lookup_key = ANY(?::text[])'),
          ...when(p.recurring?.interval, 'recurring_interval = ?'),
          ...when(p.recurring?.usage_type, 'usage_type = ?'),
          ...when(p.recurring?.meter, 'meter = ?'),
        ],
        'price',
      ),
  }),
];
