// Loading and saving PaymentIntents and Charges. Customer, status and intent columns are generated
// from the objects; an intent's invoice is a plain column (this API version's intent has no invoice field).
import type Stripe from 'stripe';
import type { Db } from '../store/db.ts';
import { getObject, insertObject, updateObject } from '../store/objects.ts';
import { resourceMissing } from '../core/errors.ts';

export const insertPaymentIntent = (db: Db, pi: Stripe.PaymentIntent, invoiceId: string | null) =>
  insertObject(db, 'payment_intents', pi, { invoice_id: invoiceId });

/** Saves an intent; its invoice does not change after creation. */
export const savePaymentIntent = (db: Db, pi: Stripe.PaymentIntent) =>
  updateObject(db, 'payment_intents', pi);

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
  insertObject(db, 'charges', ch);

export async function loadCharge(db: Db, id: string): Promise<Stripe.Charge> {
  const ch = await getObject<Stripe.Charge>(db, 'charges', id);
  if (!ch) throw resourceMissing('charge', id);
  return ch;
}
