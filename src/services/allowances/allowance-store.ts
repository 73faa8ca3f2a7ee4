// Recurring usage allowances (Recur's own objects): loading, saving, and what is left of them.
import type { Db } from '../../core/db.ts';
import type { UsageStore } from '../../core/usage-store.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { allowanceRemaining } from '../../domain/usage/allowance.ts';
import { meterQuantity, type MeterFormula } from '../../domain/usage/meter-aggregation.ts';
import { meterSpan, metersById } from '../meters/meter-store.ts';

export interface Allowance {
  id: string;
  object: 'recur.allowance';
  created: number;
  livemode: false;
  customer: string;
  subscription: string;
  subscription_item: string;
  meter: string;
  /** `sum` or `count`: what the meter adds up. */
  formula: MeterFormula;
  units: number;
  /** Beyond the allowance, usage is billed (`bill`) or its events are refused (`refuse`). */
  overage: 'bill' | 'refuse';
  /** When the current allowance began: the start of the last period whose invoice was paid. */
  window_start: number;
  /** Filled by reads: units left now. */
  remaining?: number;
}

export const insertAllowance = (db: Db, a: Allowance) => insertObject(db, 'usage_allowances', a, { customer_id: a.customer, subscription_id: a.subscription });
export const saveAllowance = (db: Db, a: Allowance) => updateObject(db, 'usage_allowances', { ...a, remaining: undefined } as Allowance);

export async function allowancesWhere(db: Db, column: 'subscription_item_id' | 'customer_id' | 'subscription_id', ids: string[], opts: { forUpdate?: boolean; refuseOnly?: boolean } = {}): Promise<Allowance[]> {
  if (!ids.length) return [];
  const rows = await db.query(
    `SELECT data FROM usage_allowances WHERE ${column} = ANY($1)${opts.refuseOnly ? ` AND overage = 'refuse'` : ''} ORDER BY id${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [[...new Set(ids)]],
  );
  return rows.map((r) => r.data as Allowance);
}

/** Units used since each allowance's window began, up to `until` (exclusive; a pre-aggregated meter's open window included). */
export async function usedSinceWindow(usage: UsageStore, db: Db, list: Allowance[], until: number): Promise<number[]> {
  const meters = await metersById(db, list.map((a) => a.meter));
  const parts = await usage.aggregate(db, list.map((a) => meterSpan(meters.get(a.meter)!, a.customer, a.window_start, Math.max(a.window_start, until), { toDate: true })));
  return list.map((a, i) => meterQuantity(a.formula, parts[i]));
}

export async function withRemaining(usage: UsageStore, db: Db, list: Allowance[], now: number): Promise<Allowance[]> {
  const used = await usedSinceWindow(usage, db, list, now + 1);
  return list.map((a, i) => ({ ...a, remaining: allowanceRemaining({ units: a.units, windowStart: a.window_start }, used[i]) }));
}
