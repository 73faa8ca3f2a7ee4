// /v1/customers: create, retrieve, update, delete, list, search.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { address, bool, emptyable, int, list, listParams, metadata, oneOf, searchParams, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createdField, dataText, searchEnvelope } from '../search/compile.ts';
import { createCustomer } from '../../services/customers/create-customer.ts';
import { updateCustomer } from '../../services/customers/update-customer.ts';
import { deleteCustomer } from '../../services/customers/delete-customer.ts';
import { loadCustomerOrDeleted } from '../../store/customer-store.ts';
import { MAX_TAX_IDS_PER_CUSTOMER } from '../../domain/tax-ids.ts';
import { taxIdData } from './customer-tax-ids.ts';

const invoiceSettings = z.strictObject({
  custom_fields: emptyable(list(z.strictObject({ name: str({ max: 40 }), value: str({ max: 140 }) }), { max: 4 })).optional(),
  default_payment_method: emptyable(str()).optional(),
  footer: emptyable(str()).optional(),
  rendering_options: emptyable(
    z.strictObject({
      amount_tax_display: emptyable(oneOf(['exclude_tax', 'include_inclusive_tax'])).optional(),
      template: emptyable(str()).optional(),
    }),
  ).optional(),
});

const shipping = emptyable(
  z.strictObject({ name: str(), phone: emptyable(str()).optional(), address: address() }),
);

const fields = {
  address: emptyable(address()).optional(),
  description: emptyable(str({ max: 350 })).optional(),
  email: emptyable(str({ max: 512 })).optional(),
  name: emptyable(str({ max: 256 })).optional(),
  phone: emptyable(str({ max: 20 })).optional(),
  metadata: metadata().optional(),
  invoice_prefix: str({ max: 12 }).regex(/^[A-Z0-9]{3,12}$/, { error: 'invoice_prefix must be 3–12 uppercase letters or digits.' }).optional(),
  invoice_settings: invoiceSettings.optional(),
  preferred_locales: emptyable(list(str({ max: 20 }), { max: 10 })).optional(),
  tax_exempt: emptyable(oneOf(['none', 'exempt', 'reverse'])).optional(),
  next_invoice_sequence: int({ min: 1, max: 1_000_000_000 }).optional(),
  shipping: shipping.optional(),
  balance: int({ min: -100_000_000_000, max: 100_000_000_000 }).optional(),
  validate: bool().optional(),
};

const createParams = z.strictObject({
  ...fields,
  payment_method: str().optional(),
  tax_id_data: list(taxIdData(), { max: MAX_TAX_IDS_PER_CUSTOMER }).optional(),
  test_clock: str().optional(),
});

const updateParams = z.strictObject({ ...fields, default_source: emptyable(str()).optional() });

const searchable = {
  email: dataText('email'),
  name: dataText('name'),
  phone: dataText('phone'),
  description: dataText('description'),
  ...createdField,
};

export const customerRoutes = [
  route({
    method: 'POST',
    path: '/v1/customers',
    summary: 'Create a customer',
    params: createParams,
    handler: (ctx, p) => createCustomer(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/customers/search',
    summary: 'Search customers',
    params: z.strictObject(searchParams),
    handler: (ctx, p) => searchEnvelope(ctx.db, 'customers', '/v1/customers/search', p, searchable, [cond('NOT deleted')]),
  }),
  route({
    method: 'GET',
    path: '/v1/customers/:id',
    summary: 'Retrieve a customer',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadCustomerOrDeleted(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/customers/:id',
    summary: 'Update a customer',
    params: updateParams,
    handler: (ctx, p, path) => {
      const { default_source: _ignored, ...rest } = p;
      return updateCustomer(ctx, path.id, rest);
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/customers/:id',
    summary: 'Delete a customer',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => deleteCustomer(ctx, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/customers',
    summary: 'List customers',
    params: z.strictObject({ ...listParams, email: str({ max: 512 }).optional(), test_clock: str().optional() }),
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'customers',
        '/v1/customers',
        p,
        [
          cond('NOT deleted'),
          ...(p.email !== undefined ? [cond('email = ?', p.email)] : []),
          ...(p.test_clock !== undefined ? [cond('test_clock = ?', p.test_clock)] : []),
        ],
        'customer',
      ),
  }),
];
