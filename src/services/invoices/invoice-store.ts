// Loading and saving invoices and their lines. The stored invoice carries its `lines` envelope
// (the first page of lines, as Stripe embeds it) and `payments`, refreshed whenever they change.
// The invoice's customer, status, money, period and dates columns are generated from the object;
// the row's plain columns are only what the object does not say (see PlainInvoiceColumns).
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { updateObject } from '../../store/objects.ts';
import { invalidState, resourceMissing } from '../../core/errors.ts';
import type { StoredLine } from '../../domain/billing/invoice-line.ts';

export type Invoice = Stripe.Invoice;

export { EMBEDDED_LINES, linesEnvelope, paymentsEnvelope } from '../../domain/billing/draft-invoice.ts';
export type { StoredLine } from '../../domain/billing/invoice-line.ts';

export const customerIdOf = (i: Invoice): string => (typeof i.customer === 'string' ? i.customer : i.customer!.id);
export function subscriptionIdOf(i: Invoice): string | null {
  const s = i.parent?.subscription_details?.subscription;
  return s ? (typeof s === 'string' ? s : s.id) : null;
}

/**
 * Inserts a new invoice unless its subscription period is already invoiced (or the id is taken):
 * false then, with the transaction still usable (ON CONFLICT instead of a failed statement).
 */
/** The unique key of what the invoice bills, the engine's next instant for it, and its creation terms. */
export interface PlainInvoiceColumns {
  billing_period_key: string | null;
  next_action_at: number | null;
  days_until_due: number | null;
}

export async function insertInvoiceOnce(db: Db, i: Invoice, cols: PlainInvoiceColumns): Promise<boolean> {
  const names = ['id', 'created', 'data', ...Object.keys(cols)];
  const values = [i.id, i.created, JSON.stringify(i), ...Object.values(cols)];
  const rows = await db.query(
    `INSERT INTO invoices (${names.join(', ')}) VALUES (${values.map((_, n) => `$${n + 1}`).join(', ')})
     ON CONFLICT DO NOTHING RETURNING id`,
    values,
  );
  return rows.length === 1;
}

/**
 * When the engine must next act on the invoice: a draft that finalizes itself, an open
 * invoice collected automatically whose next payment attempt is scheduled, or an open send_invoice
 * invoice's due date (its overdue steps: services/invoices/process-overdue-invoice.ts).
 */
export function nextActionAt(i: Invoice): number | null {
  if (!i.auto_advance) return null;
  if (i.status === 'draft') return i.automatically_finalizes_at;
  if (i.status === 'open' && i.collection_method === 'charge_automatically') return i.next_payment_attempt;
  if (i.status === 'open' && i.collection_method === 'send_invoice') return i.due_date;
  return null;
}

export async function saveInvoice(db: Db, i: Invoice) {
  await updateObject(db, 'invoices', i, { next_action_at: nextActionAt(i) });
}

/** An invoice by id, or the 404 Stripe gives naming `param`. */
export async function loadInvoice(db: Db, id: string, param = 'id', opts: { forUpdate?: boolean } = {}): Promise<Invoice> {
  const rows = await db.query(`SELECT data FROM invoices WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('invoice', id, param);
  return rows[0].data as Invoice;
}

/** The days_until_due an invoice was created with (Stripe keeps it off the object), for its due date. */
export async function daysUntilDue(db: Db, id: string): Promise<number | null> {
  const rows = await db.query('SELECT days_until_due FROM invoices WHERE id = $1', [id]);
  return rows.length ? (rows[0].days_until_due ?? null) : null;
}

export const loadInvoiceForUpdate = (db: Db, id: string, param = 'id') => loadInvoice(db, id, param, { forUpdate: true });

/** Refuses a change to an invoice that is no longer a draft. */
export function assertDraft(i: Invoice, action: string): void {
  if (i.status !== 'draft')
    throw invalidState(`You can only ${action} draft invoices; invoice ${i.id} is ${i.status}.`, undefined, 'invoice_not_editable');
}

export async function insertLine(db: Db, invoice: Invoice, l: StoredLine & { created: number }): Promise<void> {
  await db.query(
    'INSERT INTO invoice_lines (id, created, customer_id, invoice_id, data, tax_rates) VALUES ($1, $2, $3, $4, $5, $6)',
    [l.line.id, l.created, customerIdOf(invoice), invoice.id, JSON.stringify(l.line), JSON.stringify(l.taxRates)],
  );
}

export async function saveLine(db: Db, l: StoredLine): Promise<void> {
  await db.query('UPDATE invoice_lines SET data = $2, tax_rates = $3 WHERE id = $1', [
    l.line.id,
    JSON.stringify(l.line),
    JSON.stringify(l.taxRates),
  ]);
}

/** Every line of an invoice, in the order they were added. */
export async function loadLines(db: Db, invoiceId: string): Promise<StoredLine[]> {
  const rows = await db.query('SELECT data, tax_rates FROM invoice_lines WHERE invoice_id = $1 ORDER BY seq', [invoiceId]);
  return rows.map((r) => ({ line: r.data as Stripe.InvoiceLineItem, taxRates: r.tax_rates as Stripe.TaxRate[] }));
}

export async function loadPayments(db: Db, invoiceId: string): Promise<Stripe.InvoicePayment[]> {
  const rows = await db.query('SELECT data FROM invoice_payments WHERE invoice_id = $1 ORDER BY seq', [invoiceId]);
  return rows.map((r) => r.data as Stripe.InvoicePayment);
}
