// Customer tax ids (the `customer_tax_ids` table): one customer's, many customers' at once for
// invoices finalized in a batch, and the list Stripe embeds as `customer.tax_ids` when expanded.
import type Stripe from 'stripe';
import type { Db } from './db.ts';
import { cond, insertObject } from './objects.ts';
import { listEnvelope, type ListEnvelope, type ListQuery } from './list.ts';
import { resourceMissing } from '../core/errors.ts';

export const insertTaxId = (db: Db, t: Stripe.TaxId) => insertObject(db, 'customer_tax_ids', t);

export async function loadTaxId(db: Db, customerId: string, id: string): Promise<Stripe.TaxId> {
  const rows = await db.query('SELECT data FROM customer_tax_ids WHERE id = $1 AND customer_id = $2', [id, customerId]);
  if (!rows.length) throw resourceMissing('tax id', id);
  return rows[0].data as Stripe.TaxId;
}

export async function deleteTaxIdRow(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM customer_tax_ids WHERE id = $1', [id]);
}

export async function deleteTaxIdsOf(db: Db, customerId: string): Promise<void> {
  await db.query('DELETE FROM customer_tax_ids WHERE customer_id = $1', [customerId]);
}

export type CustomerTaxId = Stripe.Invoice.CustomerTaxId;

/** The customer's tax ids as an invoice keeps them (type and value), oldest first. */
export async function customerTaxIdsOf(db: Db, customerId: string): Promise<CustomerTaxId[]> {
  return (await customerTaxIds(db, [customerId])).get(customerId) ?? [];
}

/** customerTaxIdsOf for many customers in one query. */
export async function customerTaxIds(db: Db, customerIds: string[]): Promise<Map<string, CustomerTaxId[]>> {
  const out = new Map<string, CustomerTaxId[]>();
  if (!customerIds.length) return out;
  const rows = await db.query(
    `SELECT customer_id, data->>'type' AS type, data->>'value' AS value FROM customer_tax_ids WHERE customer_id = ANY($1) ORDER BY seq`,
    [[...new Set(customerIds)]],
  );
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ type: r.type, value: r.value });
    out.set(r.customer_id, list);
  }
  return out;
}

/** GET /v1/customers/:id/tax_ids, and `customer.tax_ids` (its first page) when expanded. */
export const taxIdList = (db: Db, customerId: string, q: ListQuery = {}): Promise<ListEnvelope<Stripe.TaxId>> =>
  listEnvelope(db, 'customer_tax_ids', `/v1/customers/${customerId}/tax_ids`, q, [cond('customer_id = ?', customerId)], 'tax id');
