// Recurring usage allowances (Recur's own objects): loading, saving, and what is left of them.
import type { Db } from '../../core/db.ts';
import type { UsageStore } from '../../core/usage-store.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { allowanceRemaining, periodPaidFor, type PaidLine } from '../../domain/usage/allowance.ts';
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

/**
 * Units used since each allowance's window began, up to `until` (exclusive; a pre-aggregated
 * meter's open window included): one instant for all, or each allowance's own.
 */
export async function usedSinceWindow(usage: UsageStore, db: Db, list: Allowance[], until: number | ((a: Allowance) => number)): Promise<number[]> {
  const meters = await metersById(db, list.map((a) => a.meter));
  const end = typeof until === 'number' ? () => until : until;
  const parts = await usage.aggregate(db, list.map((a) => meterSpan(meters.get(a.meter)!, a.customer, a.window_start, Math.max(a.window_start, end(a)), { toDate: true })));
  return list.map((a, i) => meterQuantity(a.formula, parts[i]));
}

export async function withRemaining(usage: UsageStore, db: Db, list: Allowance[], now: number): Promise<Allowance[]> {
  const used = await usedSinceWindow(usage, db, list, now + 1);
  return list.map((a, i) => ({ ...a, remaining: allowanceRemaining({ units: a.units, windowStart: a.window_start }, used[i]) }));
}

/**
 * The start of the period each invoice pays for, by invoice id (null: none), from its subscription
 * lines: a line pulled in from an invoice item counts as a proration, a metered price's line as in arrears.
 */
export async function periodsPaidBy(db: Db, invoiceIds: string[]): Promise<Map<string, number | null>> {
  if (!invoiceIds.length) return new Map();
  const rows = await db.query(
    `SELECT l.invoice_id,
            coalesce((d->>'proration')::boolean, false) OR d->>'invoice_item' IS NOT NULL AS proration,
            coalesce(p.data->'recurring'->>'usage_type' = 'metered', false) AS in_arrears,
            (l.data->'period'->>'start')::bigint AS start, (l.data->'period'->>'end')::bigint AS "end"
       FROM invoice_lines l
      CROSS JOIN LATERAL (SELECT l.data->'parent'->'subscription_item_details' AS d) x
       LEFT JOIN prices p ON p.id = l.data->'pricing'->'price_details'->>'price'
      WHERE l.invoice_id = ANY($1) AND l.data->'parent'->>'type' = 'subscription_item_details'`,
    [[...new Set(invoiceIds)]],
  );
  const lines = new Map<string, PaidLine[]>(invoiceIds.map((id) => [id, []]));
  for (const r of rows) lines.get(r.invoice_id)!.push({ proration: r.proration, inArrears: r.in_arrears, period: { start: Number(r.start), end: Number(r.end) } });
  return new Map([...lines].map(([id, l]) => [id, periodPaidFor(l)]));
}
