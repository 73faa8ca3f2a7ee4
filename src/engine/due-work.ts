// Finds and runs due work: subscriptions and invoices whose next_action_at has come, earliest
// first, each claimed with FOR UPDATE SKIP LOCKED and processed in its own transaction at the
// instant it was due. Any number of engine processes may run this against one database.
import type { ServiceContext } from '../api/route.ts';
import type { Db } from '../store/db.ts';
import { FixedClock, type UnixSeconds } from './clock.ts';

export type EngineDeps = Omit<ServiceContext, 'db' | 'clock'> & { db: Db };

export interface DueScope {
  /** Work of this test clock's customers; null: work that runs on the system clock. */
  testClock: string | null;
  /** Run what is due at or before this instant. */
  until: UnixSeconds;
}

interface Claimed {
  kind: 'subscription' | 'invoice';
  id: string;
  at: UnixSeconds;
}

const TABLES = { subscription: 'subscriptions', invoice: 'invoices' } as const;

export type DueKind = keyof typeof TABLES;
/** Does the one thing due for the object at ctx.clock.now() and moves its next_action_at on. */
export type DueProcessor = (ctx: ServiceContext, id: string) => Promise<void>;

const processors: Partial<Record<DueKind, DueProcessor>> = {};

/** The services that own each kind of due work register here (see engine/processors.ts). */
export function registerDueProcessor(kind: DueKind, fn: DueProcessor): void {
  processors[kind] = fn;
}

/** Claims the earliest due item in scope (locked until the transaction ends), or null. */
async function claimEarliest(tx: Db, scope: DueScope): Promise<Claimed | null> {
  const clockSql = scope.testClock === null ? 'test_clock IS NULL' : 'test_clock = $2';
  const params = scope.testClock === null ? [scope.until] : [scope.until, scope.testClock];
  let best: Claimed | null = null;
  for (const kind of ['subscription', 'invoice'] as const) {
    const rows = await tx.query(
      `SELECT id, next_action_at FROM ${TABLES[kind]}
        WHERE next_action_at IS NOT NULL AND next_action_at <= $1 AND ${clockSql}
        ORDER BY next_action_at, seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      params,
    );
    if (rows.length && (!best || rows[0].next_action_at < best.at)) best = { kind, id: rows[0].id, at: Number(rows[0].next_action_at) };
  }
  return best;
}

/**
 * Runs one due item in one transaction. Returns false when nothing in scope is due (or all of
 * it is claimed by other engines).
 */
export async function runOneDue(deps: EngineDeps, scope: DueScope): Promise<Claimed | false> {
  try {
    return await deps.db.transaction(async (tx) => {
      const claimed = await claimEarliest(tx, scope);
      if (!claimed) return false;
      const ctx: ServiceContext = { ...deps, db: tx, clock: new FixedClock(claimed.at) };
      const processor = processors[claimed.kind];
      if (!processor) throw new Error(`no processor registered for due ${claimed.kind} work`);
      await processor(ctx, claimed.id);
      await assertProgress(tx, claimed);
      return claimed;
    });
  } catch (e) {
    if (e instanceof StuckWork) {
      await parkStuck(deps.db, e.claimed, scope.until);
      return e.claimed;
    }
    throw e;
  }
}

class StuckWork extends Error {
  constructor(readonly claimed: Claimed) {
    super(`${claimed.kind} ${claimed.id} did not move its next_action_at past ${claimed.at}`);
  }
}

/** A processor must move next_action_at forward; otherwise the loop would spin on one row. */
async function assertProgress(tx: Db, c: Claimed): Promise<void> {
  const rows = await tx.query(`SELECT next_action_at FROM ${TABLES[c.kind]} WHERE id = $1`, [c.id]);
  const next = rows[0]?.next_action_at;
  if (next !== null && next !== undefined && Number(next) <= c.at) throw new StuckWork(c);
}

async function parkStuck(db: Db, c: Claimed, until: number): Promise<void> {
  console.error(`engine: ${c.kind} ${c.id} made no progress at ${c.at}; retrying it in an hour`);
  await db.query(`UPDATE ${TABLES[c.kind]} SET next_action_at = $2 WHERE id = $1`, [c.id, Math.max(until, c.at) + 3600]);
}

/** Runs everything due in scope, in time order; returns how many items were processed. */
export async function runDue(deps: EngineDeps, scope: DueScope, onProgress?: (done: number) => void): Promise<number> {
  let done = 0;
  for (;;) {
    const r = await runOneDue(deps, scope);
    if (!r) return done;
    onProgress?.(++done);
  }
}

/** How many items are due in scope (for progress reporting). */
export async function countDue(db: Db, scope: DueScope): Promise<number> {
  const clockSql = scope.testClock === null ? 'test_clock IS NULL' : 'test_clock = $2';
  const params = scope.testClock === null ? [scope.until] : [scope.until, scope.testClock];
  let n = 0;
  for (const table of Object.values(TABLES)) {
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM ${table} WHERE next_action_at IS NOT NULL AND next_action_at <= $1 AND ${clockSql}`,
      params,
    );
    n += rows[0].n;
  }
  return n;
}
