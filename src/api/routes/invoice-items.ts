// /v1/invoiceitems: create, retrieve, update, delete, list.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, checkSafeProduct, currency, decimalString, discounts, emptyable, int, list, listParams, metadata, str, timestamp, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { equalTo, listEnvelope } from '../../store/list.ts';
import { loadInvoiceItem } from '../../services/invoice-items/invoice-item-store.ts';
import { createInvoiceItemFromRequest } from '../../services/invoice-items/create-invoice-item-from-request.ts';
import { deleteInvoiceItem, updateInvoiceItem } from '../../services/invoice-items/update-invoice-item.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';

const amount = int({ min: -100_000_000_000, max: 100_000_000_000 });
const period = z.strictObject({ start: timestamp(), end: timestamp() });

/** What an item has, whether it is being created or changed. */
const itemFields = {
  amount: amount.optional(),
  description: emptyable(str({ max: 1500 })).optional(),
  discountable: bool().optional(),
  metadata: metadata().optional(),
  period: period.optional(),
  pricing: z.strictObject({ price: str().optional() }).optional(),
  quantity: int({ min: 0, max: 100_000_000 }).optional(),
  unit_amount_decimal: decimalString().optional(),
};
const taxRates = list(str(), { max: 10 });
const safeProduct = (p: Record<string, unknown>, ctx: z.RefinementCtx) => checkSafeProduct(p, ctx, ['unit_amount_decimal', 'amount']);

const createParams = z
  .strictObject({
    customer: str(),
    ...itemFields,
    currency: currency().optional(),
    discounts: discounts().optional(),
    invoice: str().optional(),
    subscription: str().optional(),
    tax_rates: taxRates.optional(),
  })
  .superRefine(safeProduct);

const updateParams = z.strictObject({ ...itemFields, tax_rates: emptyable(taxRates).optional() }).superRefine(safeProduct);

async function itemContext(ctx: ServiceContext, id: string): Promise<ServiceContext> {
  const item = await loadInvoiceItem(ctx.db, id);
  return contextForCustomer(ctx, { test_clock: item.test_clock });
}

export const invoiceItemRoutes = [
  route({
    method: 'POST',
    path: '/v1/invoiceitems',
    summary: 'Create an invoice item',
    params: createParams,
    handler: (ctx, p) => createInvoiceItemFromRequest(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/invoiceitems/:id',
    summary: 'Retrieve an invoice item',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadInvoiceItem(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/invoiceitems/:id',
    summary: 'Update an invoice item',
    params: updateParams,
    handler: async (ctx, p, path) => {
      const { pricing, ...rest } = p;
      return updateInvoiceItem(await itemContext(ctx, path.id), path.id, { ...rest, price: pricing?.price });
    },
  }),
  route({
    method: 'DELETE',
    path: '/v1/invoiceitems/:id',
    summary: 'Delete an invoice item',
    params: z.strictObject({}),
    handler: async (ctx, _p, path) => deleteInvoiceItem(await itemContext(ctx, path.id), path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/invoiceitems',
    summary: 'List invoice items',
    params: z.strictObject({ ...listParams, customer: str().optional(), invoice: str().optional(), pending: bool().optional() }),
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'invoice_items',
        '/v1/invoiceitems',
        p,
        [
          cond('NOT deleted'),
          ...equalTo('customer_id', p.customer),
          ...equalTo('invoice_id', p.invoice),
          ...(p.pending !== undefined ? [cond(p.pending ? 'invoice_id IS NULL' : 'invoice_id IS NOT NULL')] : []),
        ],
        'invoice item',
      ),
  }),
];
