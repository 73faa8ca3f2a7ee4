// A customer's tax ids: added (each value checked for its type, its country derived) and deleted,
// each with its event. Recur runs no remote check of a number, so verification is `unavailable`.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { checkNewTaxIds, type TaxIdInput } from '../../domain/tax-ids.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { customerTaxIdsOf, deleteTaxIdRow, insertTaxId, loadTaxId, type CustomerTaxId } from '../../store/tax-id-store.ts';

/**
 * Adds tax ids to a customer (locked by the caller, or new in this transaction); `paramOf` names
 * the parameter of the i-th value in errors. Nothing is written unless every one is good.
 */
export async function addTaxIds(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  inputs: TaxIdInput[],
  paramOf: (i: number) => string,
  opts: { existing?: CustomerTaxId[] } = {},
): Promise<Stripe.TaxId[]> {
  const check = checkNewTaxIds(opts.existing ?? (await customerTaxIdsOf(ctx.db, customer.id)), inputs, paramOf);
  if (!check.ok) throw invalidRequest(check.message, check.param, 'tax_id_invalid');
  const created: Stripe.TaxId[] = [];
  for (const t of check.taxIds) {
    const taxId: Stripe.TaxId = {
      id: ctx.ids.next('txi'),
      object: 'tax_id',
      country: t.country,
      created: ctx.clock.now(),
      customer: customer.id,
      customer_account: null,
      livemode: false,
      owner: { type: 'customer', customer: customer.id, customer_account: null },
      type: t.type,
      value: t.value,
      verification: { status: 'unavailable', verified_address: null, verified_name: null },
    };
    await insertTaxId(ctx.db, taxId);
    await recordEvent(ctx, 'customer.tax_id.created', taxId, { at: taxId.created });
    created.push(taxId);
  }
  return created;
}

/** POST /v1/customers/:id/tax_ids. */
export async function createTaxId(ctx: ServiceContext, customerId: string, input: TaxIdInput): Promise<Stripe.TaxId> {
  // Locked: a customer being deleted takes its tax ids with it, and two adds count each other.
  const customer = await loadCustomer(ctx.db, customerId, { forUpdate: true });
  const [taxId] = await addTaxIds(ctx, customer, [input], () => 'value');
  return taxId;
}

/** DELETE /v1/customers/:id/tax_ids/:taxId: the tax id is gone (a later retrieve is a 404). */
export async function deleteTaxId(ctx: ServiceContext, customerId: string, id: string): Promise<Stripe.DeletedTaxId> {
  await loadCustomer(ctx.db, customerId, { forUpdate: true });
  const taxId = await loadTaxId(ctx.db, customerId, id);
  await deleteTaxIdRow(ctx.db, id);
  await recordEvent(ctx, 'customer.tax_id.deleted', taxId);
  return { id, object: 'tax_id', deleted: true };
}
