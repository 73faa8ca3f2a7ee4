// The test processor's own book of charges by idempotency key, kept as an external processor
// keeps it: the first charge under a key is recorded and every later request under that key gets
// the recorded outcome. Tests count real charges here. The table-backed ledger writes in its own
// autocommitted statements, so it survives the death of the process that charged.
import type { Db } from '../core/db.ts';
import type { GatewayResult } from '../core/gateway.ts';

export interface LedgerEntry {
  idempotencyKey: string;
  amount: number;
  currency: string;
  paymentMethodId: string;
  result: GatewayResult;
}

export interface ChargeLedger {
  /** Records the charge unless its key is already recorded; answers with the entry that stands. */
  record(entry: LedgerEntry): Promise<{ entry: LedgerEntry; charged: boolean }>;
  find(idempotencyKey: string): Promise<LedgerEntry | null>;
  /** How many charges were made (each key once), optionally only those with this outcome. */
  count(status?: GatewayResult['status']): Promise<number>;
  entries(): Promise<LedgerEntry[]>;
}

/**
 * A ledger in memory (the embedded store's), keeping the newest `capacity` keys: a long-running
 * server does not grow with every charge it ever made. Counts cover every charge, kept or not.
 */
export function memoryLedger(capacity = 100_000): ChargeLedger {
  const byKey = new Map<string, LedgerEntry>();
  const counts = new Map<GatewayResult['status'] | 'all', number>();
  const bump = (k: GatewayResult['status'] | 'all') => counts.set(k, (counts.get(k) ?? 0) + 1);
  return {
    async record(entry) {
      const found = byKey.get(entry.idempotencyKey);
      if (found) return { entry: found, charged: false };
      byKey.set(entry.idempotencyKey, entry);
      if (byKey.size > capacity) byKey.delete(byKey.keys().next().value!);
      bump('all');
      bump(entry.result.status);
      return { entry, charged: true };
    },
    async find(key) {
      return byKey.get(key) ?? null;
    },
    async count(status) {
      return counts.get(status ?? 'all') ?? 0;
    },
    async entries() {
      return [...byKey.values()];
    },
  };
}

const entryOf = (row: Record<string, any>): LedgerEntry => ({
  idempotencyKey: row.idempotency_key,
  amount: Number(row.amount),
  currency: row.currency,
  paymentMethodId: row.payment_method_id,
  result: row.result as GatewayResult,
});

/**
 * A ledger in the test_processor_ledger table. `db` must not be inside a transaction: each write
 * commits on its own, whatever happens to the caller's work afterwards.
 */
export function tableLedger(db: Db): ChargeLedger {
  const find = async (key: string) => {
    const rows = await db.query('SELECT * FROM test_processor_ledger WHERE idempotency_key = $1', [key]);
    return rows.length ? entryOf(rows[0]) : null;
  };
  return {
    async record(entry) {
      const rows = await db.query(
        `INSERT INTO test_processor_ledger (idempotency_key, amount, currency, payment_method_id, status, result)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING idempotency_key`,
        [entry.idempotencyKey, entry.amount, entry.currency, entry.paymentMethodId, entry.result.status, JSON.stringify(entry.result)],
      );
      if (rows.length) return { entry, charged: true };
      return { entry: (await find(entry.idempotencyKey))!, charged: false };
    },
    find,
    async count(status) {
      const rows = await db.query(
        `SELECT count(*)::int AS n FROM test_processor_ledger${status ? ' WHERE status = $1' : ''}`,
        status ? [status] : [],
      );
      return rows[0].n;
    },
    async entries() {
      return (await db.query('SELECT * FROM test_processor_ledger ORDER BY created')).map(entryOf);
    },
  };
}
