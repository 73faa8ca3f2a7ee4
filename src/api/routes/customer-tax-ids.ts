// /v1/customers/:id/tax_ids: add, retrieve, list and delete a customer's tax ids.
import type Stripe from 'stripe';
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { listParams, str, z } from '../params.ts';
import { isTaxIdType, type TaxIdType } from '../../domain/tax-ids.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadTaxId, taxIdList } from '../../store/tax-id-store.ts';
import { createTaxId, deleteTaxId } from '../../services/customers/customer-tax-ids.ts';

const taxIdType = () =>
  z
    .string({ error: (iss) => `Invalid string: ${JSON.stringify(iss.input)}` })
    .refine((t): t is TaxIdType => isTaxIdType(t), {
      error: (iss) => `Invalid type: ${String(iss.input)} is not a tax ID type Stripe accepts (such as eu_vat, gb_vat, us_ein, au_abn, ca_bn or in_gst).`,
    });

/** One tax id as Stripe takes it: on its own, and in a new customer's `tax_id_data`. */
export const taxIdData = () => z.strictObject({ type: taxIdType(), value: str({ max: 5000 }) });

type Path = Record<string, string>;

async function createTaxIdRoute(ctx: ServiceContext, p: { type: TaxIdType; value: string }, path: Path): Promise<Stripe.TaxId> {
  const customer = await loadCustomer(ctx.db, path.id);
  return createTaxId(await contextForCustomer(ctx, customer), path.id, p);
}

async function retrieveTaxIdRoute(ctx: ServiceContext, _p: unknown, path: Path): Promise<Stripe.TaxId> {
  await loadCustomer(ctx.db, path.id);
  return loadTaxId(ctx.db, path.id, path.taxId);
}

async function listTaxIdsRoute(ctx: ServiceContext, p: { limit?: number; starting_after?: string; ending_before?: string }, path: Path) {
  await loadCustomer(ctx.db, path.id);
  return taxIdList(ctx.db, path.id, p);
}

async function deleteTaxIdRoute(ctx: ServiceContext, _p: unknown, path: Path): Promise<Stripe.DeletedTaxId> {
  const customer = await loadCustomer(ctx.db, path.id);
  return deleteTaxId(await contextForCustomer(ctx, customer), path.id, path.taxId);
}

const { created: _created, ...pageParams } = listParams;

export const customerTaxIdRoutes = [
  route({ method: 'POST', path: '/v1/customers/:id/tax_ids', summary: 'Create a customer tax ID', params: taxIdData(), handler: createTaxIdRoute }),
  route({ method: 'GET', path: '/v1/customers/:id/tax_ids/:taxId', summary: 'Retrieve a customer tax ID', params: z.strictObject({}), handler: retrieveTaxIdRoute }),
  route({ method: 'GET', path: '/v1/customers/:id/tax_ids', summary: "List a customer's tax IDs", params: z.strictObject(pageParams), handler: listTaxIdsRoute }),
  route({ method: 'DELETE', path: '/v1/customers/:id/tax_ids/:taxId', summary: 'Delete a customer tax ID', params: z.strictObject({}), handler: deleteTaxIdRoute }),
];
