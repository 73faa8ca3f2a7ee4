// Loading and saving disputes, and the reports of disputes a gateway made, waiting to open.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { getObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';

export async function insertDispute(db: Db, d: Stripe.Dispute, customerId: string | null): Promise<void> {
  await db.query('INSERT INTO disputes (id, created, data, customer_id) VALUES ($1, $2, $3, $4)', [d.id, d.created, JSON.stringify(d), customerId]);
}

export const saveDispute = (db: Db, d: Stripe.Dispute) => updateObject(db, 'disputes', d);

export async function loadDispute(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Stripe.Dispute & { customerId: string | null }> {
  const rows = await db.query(`SELECT data, customer_id FROM disputes WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('dispute', id);
  return Object.assign(rows[0].data as Stripe.Dispute, { customerId: rows[0].customer_id as string | null });
}

export { recordDisputeReports, type DisputeReport } from '../../payments/dispute-reports.ts';
