// Loading and saving customers (email, test clock and `deleted` columns are generated from the object).
import type Stripe from 'stripe';
import type { Db } from './db.ts';
import { getObject, insertObject, updateObject } from './objects.ts';
import { resourceMissing } from '../core/errors.ts';

export type Customer = Stripe.Customer;

// A new customer's id is generated, so its insert cannot conflict: it travels with the next query.
export const insertCustomer = (db: Db, c: Customer) => insertObject(db, 'customers', c, {}, { enqueue: true });
export const saveCustomer = (db: Db, c: Customer) => updateObject(db, 'customers', c);

/**
 * A live (not deleted) customer, or the 404 Stripe gives. forUpdate takes FOR NO KEY UPDATE: the
 * row is only ever updated, never re-keyed, and a plain FOR UPDATE would also block the foreign-key
 * checks of other transactions inserting the customer's invoices — a deadlock between one engine
 * finalizing an invoice (customer, then subscription) and another renewing (subscription, then
 * a new invoice of the customer).
 */
export async function loadCustomer(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<Customer> {
  const rows = await db.query(`SELECT data, deleted FROM customers WHERE id = $1${opts.forUpdate ? ' FOR NO KEY UPDATE' : ''}`, [id]);
  if (!rows.length || rows[0].deleted) throw resourceMissing('customer', id, opts.param ?? 'id');
  return rows[0].data as Customer;
}

export async function loadCustomerOrDeleted(db: Db, id: string): Promise<Customer | Stripe.DeletedCustomer> {
  const rows = await db.query('SELECT data, deleted FROM customers WHERE id = $1', [id]);
  if (!rows.length) throw resourceMissing('customer', id);
  if (rows[0].deleted) return { id, object: 'customer', deleted: true };
  return rows[0].data as Customer;
}

export { getObject };
