// Payment attempt rows and the multi-row writes of the attempt protocol: attempts inserted once
// per gateway key (at most one in flight per intent and per invoice), intents written in one
// statement each way, attempts finished only while still processing.
import type Stripe from 'stripe';
import type { Db } from '../core/db.ts';

/** `($1, $2, …), (…)` for rows of `width` parameters. */
export function valuesList(rows: number, width: number, casts: string[] = []): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(`$${r * width + c + 1}${casts[c] ?? ''}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}

export interface AttemptRow {
  id: string;
  customerId: string | null;
  paymentIntentId: string;
  invoiceId: string | null;
  paymentMethodId: string;
  gatewayKey: string;
  at: number;
  saveMethodTo: string | null;
}

/** Inserts the attempts that have no other attempt in flight on their intent or invoice; returns their ids. */
export async function insertAttempts(db: Db, rows: AttemptRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const params = rows.flatMap((a) => [a.id, a.at, a.customerId, a.paymentIntentId, a.invoiceId, a.paymentMethodId, a.gatewayKey, 'processing', a.at, a.saveMethodTo]);
  const inserted = await db.query(
    `INSERT INTO payment_attempts (id, created, customer_id, payment_intent_id, invoice_id, payment_method_id, gateway_key, status, at, save_method_to)
     VALUES ${valuesList(rows.length, 10)} ON CONFLICT DO NOTHING RETURNING id`,
    params,
  );
  return new Set(inserted.map((r) => r.id as string));
}

/**
 * Marks attempts finished with their charge, only those still processing (another process may
 * have finished one first); returns the ids this call finished. Locks them until the caller commits.
 */
export async function finishAttempts(db: Db, done: Array<{ id: string; status: 'succeeded' | 'failed'; chargeId: string }>): Promise<Set<string>> {
  if (!done.length) return new Set();
  const rows = await db.query(
    `UPDATE payment_attempts a SET status = v.status, charge_id = v.charge_id
       FROM (VALUES ${valuesList(done.length, 3)}) AS v (id, status, charge_id)
      WHERE a.id = v.id AND a.status = 'processing' RETURNING a.id`,
    done.flatMap((d) => [d.id, d.status, d.chargeId]),
  );
  return new Set(rows.map((r) => r.id as string));
}

/**
 * Takes charge of up to `limit` attempts left in processing for at least `olderThan` seconds
 * (database time) and renews their lease, so that other engines leave them alone meanwhile.
 */
export async function claimStuckAttempts(db: Db, olderThan: number, limit: number): Promise<AttemptRow[]> {
  const rows = await db.query(
    `UPDATE payment_attempts SET claimed_at = extract(epoch FROM clock_timestamp())
      WHERE id IN (SELECT id FROM payment_attempts
                    WHERE status = 'processing' AND claimed_at <= extract(epoch FROM clock_timestamp()) - $1
                    ORDER BY claimed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    [olderThan, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    customerId: r.customer_id,
    paymentIntentId: r.payment_intent_id,
    invoiceId: r.invoice_id,
    paymentMethodId: r.payment_method_id,
    gatewayKey: r.gateway_key,
    at: Number(r.at),
    saveMethodTo: r.save_method_to,
  }));
}

export async function loadPaymentIntentsById(db: Db, ids: string[]): Promise<Map<string, Stripe.PaymentIntent>> {
  const rows = ids.length ? await db.query('SELECT data FROM payment_intents WHERE id = ANY($1)', [ids]) : [];
  return new Map(rows.map((r) => [r.data.id as string, r.data as Stripe.PaymentIntent]));
}

export async function loadPaymentMethodsById(db: Db, ids: string[]): Promise<Map<string, Stripe.PaymentMethod>> {
  const rows = ids.length ? await db.query('SELECT data FROM payment_methods WHERE id = ANY($1)', [ids]) : [];
  return new Map(rows.map((r) => [r.data.id as string, r.data as Stripe.PaymentMethod]));
}
