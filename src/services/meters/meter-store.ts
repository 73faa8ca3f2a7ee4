// Loading and saving billing meters (their event_name and status columns are generated from the object).
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';
import type { UsageSpan } from '../../core/usage-store.ts';
import { toDateEnd, windowSecondsOf } from '../../domain/usage/pre-aggregation.ts';

export type Meter = Stripe.Billing.Meter;

export const insertMeter = (db: Db, m: Meter) => insertObject(db, 'billing_meters', m);
export const saveMeter = (db: Db, m: Meter) => updateObject(db, 'billing_meters', m);

export async function loadMeter(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<Meter> {
  const rows = await db.query(`SELECT data FROM billing_meters WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('billing meter', id, opts.param ?? 'id');
  return rows[0].data as Meter;
}

/** Active meters by event name (an active meter owns its event name). */
export async function activeMetersByEventName(db: Db, names: string[]): Promise<Map<string, Meter>> {
  if (!names.length) return new Map();
  const rows = await db.query(`SELECT data FROM billing_meters WHERE event_name = ANY($1) AND status = 'active'`, [names]);
  return new Map(rows.map((r) => [r.data.event_name as string, r.data as Meter]));
}

/** Meters by id (any status). */
export async function metersById(db: Db, ids: string[]): Promise<Map<string, Meter>> {
  if (!ids.length) return new Map();
  const rows = await db.query(`SELECT id, data FROM billing_meters WHERE id = ANY($1)`, [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id as string, r.data as Meter]));
}

/**
 * A meter's usage for a customer over [start, end), by windows when its events are pre-aggregated;
 * `toDate`: usage up to the instant `end`, the window still open included.
 */
export function meterSpan(meter: Meter, customerId: string, start: number, end: number, opts: { toDate?: boolean } = {}): UsageSpan {
  const window = windowSecondsOf(meter.event_time_window);
  return { meterId: meter.id, customerId, start, end: opts.toDate ? Math.max(start, toDateEnd(end, window)) : end, window };
}
