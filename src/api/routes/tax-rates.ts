// /v1/tax_rates: create, retrieve, update, list.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, decimalString, emptyable, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createTaxRate } from '../../services/tax-rates/create-tax-rate.ts';
import { updateTaxRate } from '../../services/tax-rates/update-tax-rate.ts';
import { loadTaxRate } from '../../services/tax-rates/tax-rate-store.ts';
import { TAX_TYPES } from '../../services/tax-rates/tax-rate-fields.ts';

const country = str().regex(/^[A-Za-z]{2}$/, { error: 'country must be a two-letter ISO 3166-1 country code.' });

const fields = {
  active: bool().optional(),
  country: emptyable(country).optional(),
  description: emptyable(str({ max: 500 })).optional(),
  jurisdiction: emptyable(str({ max: 50 })).optional(),
  state: emptyable(str({ max: 50 })).optional(),
  tax_type: emptyable(oneOf(TAX_TYPES)).optional(),
  metadata: metadata().optional(),
};

const createParams = z.strictObject({
  ...fields,
  display_name: str({ min: 1, max: 50 }),
  percentage: decimalString({ min: 0 }),
  inclusive: bool(),
});

const updateParams = z.strictObject({ ...fields, display_name: str({ min: 1, max: 50 }).optional() });

export const taxRateRoutes = [
  route({
    method: 'POST',
    path: '/v1/tax_rates',
    summary: 'Create a tax rate',
    params: createParams,
    handler: (ctx, p) => createTaxRate(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/tax_rates/:id',
    summary: 'Retrieve a tax rate',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadTaxRate(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/tax_rates/:id',
    summary: 'Update a tax rate',
    params: updateParams,
    handler: (ctx, p, path) => updateTaxRate(ctx, path.id, p),
  }),
  route({
    method: 'GET',
    path: '/v1/tax_rates',
    summary: 'List tax rates',
    params: z.strictObject({ ...listParams, active: bool().optional(), inclusive: bool().optional() }),
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'tax_rates',
        '/v1/tax_rates',
        p,
        [
          ...(p.active !== undefined ? [cond('active = ?', p.active)] : []),
          ...(p.inclusive !== undefined ? [cond('inclusive = ?', p.inclusive)] : []),
        ],
        'tax rate',
      ),
  }),
];
