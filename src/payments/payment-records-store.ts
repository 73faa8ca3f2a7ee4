// Loading and saving PaymentIntents and Charges. Customer, status and intent columns are generated
// from the objects; an intent's invoice is a plain column (this API version's intent has no invoice
// field). Writes are multi-row: the attempt protocol writes a whole batch's at once.
import type Stripe from 'stripe';
import type { Db } from '../store/db.ts';
import { getObject } from '../store/objects.ts';
import { valuesList } from './payment-attempt-store.ts';
import { resourceMissing } from '../core/errors.ts';

export const insertPaymentIntent = (db: Db, pi: Stripe.PaymentIntent, invoiceId: string | null) => insertPaymentIntents(db, [{ pi, invoiceId }]);

export async function insertPaymentIntents(db: Db, intents: Array<{ pi: Stripe.PaymentIntent; invoiceId: string | null }>): Promise<void> {
  if (!intents.length) return;
  const params = intents.flatMap(({ pi, invoiceId }) => [pi.id, pi.created, JSON.stringify(pi), invoiceId]);
  await db.query(
    `INSERT INTO payment_intents (id, created, data, invoice_id) VALUES ${valuesList(intents.length, 4)}`,
    params,
  );
}

/** Saves intents; an intent's invoice does not change after creation. */
export async function savePaymentIntents(db: Db, intents: Stripe.PaymentIntent[]): Promise<void> {
  if (!intents.length) return;
  await db.query(
    `UPDATE payment_intents p SET data = v.data
       FROM (VALUES ${valuesList(intents.length, 2, ['', '::jsonb'])}) AS v (id, data)
      WHERE p.id = v.id`,
    intents.flatMap((pi) => [pi.id, JSON.stringify(pi)]),
  );
}

export async function insertCharges(db: Db, charges: Stripe.Charge[]): Promise<void> {
  if (!charges.length) return;
  await db.query(
    `INSERT INTO charges (id, created, data) VALUES ${valuesList(charges.length, 3)}`,
    charges.flatMap((ch) => [ch.id, ch.created, JSON.stringify(ch)]),
  );
}


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

export async function loadCharge(db: Db, id: string): Promise<Stripe.Charge> {
  const ch = await getObject<Stripe.Charge>(db, 'charges', id);
  if (!ch) throw resourceMissing('charge', id);
  return ch;
}
