// Loading and saving refunds and the charge they refund. The charge, intent, customer and status
// columns are generated from the object; gateway_key and gateway_state are the protocol's own.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { getObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';
import { chargeWithRefunds } from '../../domain/refunds/refunds.ts';

export async function insertRefund(db: Db, r: Stripe.Refund, gatewayKey: string): Promise<void> {
  await db.query('INSERT INTO refunds (id, created, data, gateway_key) VALUES ($1, $2, $3, $4)', [r.id, r.created, JSON.stringify(r), gatewayKey]);
}

export async function saveRefund(db: Db, r: Stripe.Refund, opts: { done?: boolean } = {}): Promise<void> {
  await db.query(`UPDATE refunds SET data = $2${opts.done ? `, gateway_state = 'done'` : ''} WHERE id = $1`, [r.id, JSON.stringify(r)]);
}

export async function loadRefund(db: Db, id: string, opts: { forUpdate?: boolean; param?: string } = {}): Promise<Stripe.Refund & { gatewayKey: string; processing: boolean }> {
  const rows = await db.query(`SELECT data, gateway_key, gateway_state FROM refunds WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('refund', id, opts.param ?? 'id');
  return Object.assign(rows[0].data as Stripe.Refund, { gatewayKey: rows[0].gateway_key as string, processing: rows[0].gateway_state === 'processing' });
}

/** A stored refund as the API shows it (without the protocol's fields). */
export const refundObject = (r: Stripe.Refund & { gatewayKey?: string; processing?: boolean }): Stripe.Refund => {
  const { gatewayKey: _k, processing: _p, ...refund } = r;
  return refund;
};

/** Every refund of a charge, oldest first. */
export async function loadRefundsOfCharge(db: Db, chargeId: string): Promise<Stripe.Refund[]> {
  const rows = await db.query('SELECT data FROM refunds WHERE charge_id = $1 ORDER BY seq', [chargeId]);
  return rows.map((r) => r.data as Stripe.Refund);
}

export async function loadChargeForUpdate(db: Db, id: string, param = 'charge'): Promise<Stripe.Charge> {
  const ch = await getObject<Stripe.Charge>(db, 'charges', id, { forUpdate: true });
  if (!ch) throw resourceMissing('charge', id, param);
  return ch;
}

/** Recomputes the charge's amount_refunded, refunded and embedded refunds from its refunds. */
export async function refreshChargeRefunds(db: Db, chargeId: string): Promise<Stripe.Charge> {
  const charge = await loadChargeForUpdate(db, chargeId);
  const after = chargeWithRefunds(charge, await loadRefundsOfCharge(db, chargeId));
  await db.query('UPDATE charges SET data = $2 WHERE id = $1', [chargeId, JSON.stringify(after)]);
  return after;
}
