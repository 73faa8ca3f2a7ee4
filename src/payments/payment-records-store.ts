// Loading and saving PaymentIntents and Charges with their lifted columns.
import type Stripe from 'stripe';
import type { Db } from '../store/db.ts';
import { getObject, insertObject, updateObject } from '../store/objects.ts';
import { resourceMissing } from '../core/errors.ts';

const idOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

const intentColumns = (pi: Stripe.PaymentIntent, invoiceId: string | null) => ({
  customer_id: idOf(pi.customer),
  invoice_id: invoiceId,
  status: pi.status,
});

export const insertPaymentIntent = (db: Db, pi: Stripe.PaymentIntent, invoiceId: string | null) =>
  insertObject(db, 'payment_intents', pi, intentColumns(pi, invoiceId));

/** Saves an intent; its invoice does not change after creation. */
export const savePaymentIntent = (db: Db, pi: Stripe.PaymentIntent) =>
  updateObject(db, 'payment_intents', pi, { customer_id: idOf(pi.customer), status: pi.status });

export async function loadPaymentIntent(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<Stripe.PaymentIntent> {
  const pi = await getObject<Stripe.PaymentIntent>(db, 'payment_intents', id, { forUpdate: opts.forUpdate });
  if (!pi) throw resourceMissing('payment_intent', id, opts.param ?? 'id');
  return pi;
}

/** The invoice an intent pays, if any (this API version has no `invoice` field on the intent). */
export async function invoiceIdOfPaymentIntent(db: Db, id: string): Promise<string | null> {
  const rows = await db.query('SELECT invoice_id FROM payment_intents WHERE id = $1', [id]);
  return rows.length ? (rows[0].invoice_id ?? null) : null;
}

export const insertCharge = (db: Db, ch: Stripe.Charge) =>
  insertObject(db, 'charges', ch, { customer_id: idOf(ch.customer), payment_intent_id: idOf(ch.payment_intent) });

export async function loadCharge(db: Db, id: string): Promise<Stripe.Charge> {
  const ch = await getObject<Stripe.Charge>(db, 'charges', id);
  if (!ch) throw resourceMissing('charge', id);
  return ch;
}
