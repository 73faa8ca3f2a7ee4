// Loading and saving invoice items: pending until an invoice takes them (`invoice` set). The
// customer, subscription, invoice and `deleted` columns are generated from the object.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { resourceMissing } from '../../core/errors.ts';

export type InvoiceItem = Stripe.InvoiceItem;

// An invoice item has no `created`: the row's creation instant is its `date`.
export async function insertInvoiceItem(db: Db, i: InvoiceItem): Promise<void> {
  await db.query('INSERT INTO invoice_items (id, created, data) VALUES ($1, $2, $3)', [i.id, i.date, JSON.stringify(i)]);
}

export async function saveInvoiceItem(db: Db, i: InvoiceItem): Promise<void> {
  await db.query('UPDATE invoice_items SET data = $2 WHERE id = $1', [i.id, JSON.stringify(i)]);
}

export async function loadInvoiceItem(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<InvoiceItem> {
  const rows = await db.query(`SELECT data, deleted FROM invoice_items WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length || rows[0].deleted) throw resourceMissing('invoiceitem', id, opts.param ?? 'id');
  return rows[0].data as InvoiceItem;
}

/**
 * The customer's pending items in `currency`, oldest first: with a subscription, those of that
 * subscription (and, unless subscriptionOnly, those of none); without, those of no subscription.
 */
export async function pendingInvoiceItems(
  db: Db,
  customerId: string,
  currency: string,
  subscriptionId: string | null,
  subscriptionOnly = false,
): Promise<InvoiceItem[]> {
  const scope =
    subscriptionId === null
      ? 'subscription_id IS NULL'
      : subscriptionOnly
        ? 'subscription_id = $3'
        : '(subscription_id = $3 OR subscription_id IS NULL)';
  const rows = await db.query(
    `SELECT data FROM invoice_items
      WHERE customer_id = $1 AND invoice_id IS NULL AND NOT deleted AND data->>'currency' = $2 AND ${scope}
      ORDER BY seq FOR UPDATE`,
    subscriptionId === null ? [customerId, currency] : [customerId, currency, subscriptionId],
  );
  return rows.map((r) => r.data as InvoiceItem);
}
