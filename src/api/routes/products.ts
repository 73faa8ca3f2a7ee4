// /v1/products: create (optionally with a default price), retrieve, update, delete, list, search.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, currency, decimalString, emptyable, int, list, listParams, metadata, oneOf, searchParams, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createdField, dataText, searchEnvelope } from '../search/compile.ts';
import { createProduct } from '../../services/products/create-product.ts';
import { updateProduct } from '../../services/products/update-product.ts';
import { deleteProduct } from '../../services/products/delete-product.ts';
import { loadProduct } from '../../services/products/product-store.ts';
import { currencyOptions, customUnitAmount, interval, taxBehavior, unitAmountParams } from './prices.ts';

const dimension = () => decimalString({ min: 0 }).transform((v) => Number(v));
const packageDimensions = z.strictObject({ height: dimension(), length: dimension(), weight: dimension(), width: dimension() });
const marketingFeatures = list(z.strictObject({ name: str({ min: 1, max: 80 }) }), { max: 15 });
const statementDescriptor = str({ max: 22 }).regex(/^[^<>\\'"*]*$/, { error: 'statement_descriptor cannot contain < > \\ \' " or *.' });
const taxDetails = z.strictObject({ performance_location: str().optional(), tax_code: emptyable(str()).optional() });

const defaultPriceData = z.strictObject({
  currency: currency(),
  currency_options: currencyOptions().optional(),
  custom_unit_amount: customUnitAmount().optional(),
  metadata: metadata().optional(),
  recurring: z.strictObject({ interval: interval(), interval_count: int({ min: 1 }).optional() }).optional(),
  tax_behavior: taxBehavior().optional(),
  ...unitAmountParams(),
});

const createParams = z.strictObject({
  name: str({ min: 1, max: 250 }),
  id: str({ min: 1, max: 250 }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: 'A product id may contain letters, digits, _, . and -.' }).optional(),
  active: bool().optional(),
  default_price_data: defaultPriceData.optional(),
  description: str({ max: 40000 }).optional(),
  images: list(str({ max: 2048 }), { max: 8 }).optional(),
  marketing_features: marketingFeatures.optional(),
  metadata: metadata().optional(),
  package_dimensions: packageDimensions.optional(),
  shippable: bool().optional(),
  statement_descriptor: statementDescriptor.optional(),
  tax_code: str().optional(),
  tax_details: taxDetails.optional(),
  type: oneOf(['good', 'service']).optional(),
  unit_label: str({ max: 12 }).optional(),
  url: str({ max: 5000 }).optional(),
});

const updateParams = z.strictObject({
  active: bool().optional(),
  default_price: str({ min: 1 }).optional(),
  description: emptyable(str({ max: 40000 })).optional(),
  images: emptyable(list(str({ max: 2048 }), { max: 8 })).optional(),
  marketing_features: emptyable(marketingFeatures).optional(),
  metadata: metadata().optional(),
  name: str({ min: 1, max: 250 }).optional(),
  package_dimensions: emptyable(packageDimensions).optional(),
  shippable: bool().optional(),
  statement_descriptor: emptyable(statementDescriptor).optional(),
  tax_code: emptyable(str()).optional(),
  tax_details: emptyable(taxDetails).optional(),
  unit_label: emptyable(str({ max: 12 })).optional(),
  url: emptyable(str({ max: 5000 })).optional(),
});

const listQuery = z.strictObject({
  ...listParams,
  active: bool().optional(),
  ids: list(str(), { max: 100 }).optional(),
  shippable: bool().optional(),
  type: oneOf(['good', 'service']).optional(),
  url: str({ max: 5000 }).optional(),
});

const searchable = {
  active: { sql: '(active)', type: 'boolean' as const },
  description: dataText('description'),
  name: dataText('name'),
  shippable: { sql: '(shippable)', type: 'boolean' as const },
  url: dataText('url'),
  ...createdField,
};

const when = <T>(v: T | undefined, sql: string) => (v === undefined ? [] : [cond(sql, v)]);

export const productRoutes = [
  route({
    method: 'POST',
    path: '/v1/products',
    summary: 'Create a product',
    params: createParams,
    handler: (ctx, p) => createProduct(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/products/search',
    summary: 'Search products',
    params: z.strictObject(searchParams),
    handler: (ctx, p) => searchEnvelope(ctx.db, 'products', '/v1/products/search', p, searchable, [cond('NOT deleted')]),
  }),
  route({
    method: 'GET',
    path: '/v1/products/:id',
    summary: 'Retrieve a product',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadProduct(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/products/:id',
    summary: 'Update a product',
    params: updateParams,
    handler: (ctx, p, path) => updateProduct(ctx, path.id, p),
  }),
  route({
    method: 'DELETE',
    path: '/v1/products/:id',
    summary: 'Delete a product',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => deleteProduct(ctx, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/products',
    summary: 'List products',
    params: listQuery,
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'products',
        '/v1/products',
        p,
        [
          cond('NOT deleted'),
          ...when(p.active, 'active = ?'),
          ...when(p.ids, 'id = ANY(?::text[])'),
          ...when(p.shippable, 'shippable = ?'),
          ...when(p.type, 'type = ?'),
          ...when(p.url, 'url = ?'),
        ],
        'product',
      ),
  }),
];
