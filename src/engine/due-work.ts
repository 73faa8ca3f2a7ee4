// Finds and runs due work: subscriptions and invoices whose next_action_at has come, earliest
// first, each claimed with FOR UPDATE SKIP LOCKED and processed in its own transaction at the
// instant it was due. Any number of engine processes may run this against one database.
import type { ServiceContext } from '../core/context.ts';
import type { Db } from '../store/db.ts';
import { FixedClock, type UnixSeconds } from '../core/clock.ts';
import { deferEvents, flushEvents } from '../events/record-event.ts';
import type { ChargeAttempt } from '../payments/attempt-protocol.ts';
import { deferPaymentAttempts } from '../payments/deferred-attempts.ts';

/**
 * How the engine collects payments (wired by the composition root): attempts begun by the work
 * of a transaction are charged and recorded after it commits (phases 2 and 3), and attempts left
 * in processing by a dead process are finished before new work is claimed.
 */
export interface EnginePayments {
  complete(ctx: ServiceContext, attempts: ChargeAttempt[], opts: { concurrency?: number }): Promise<unknown>;
  finishStuck(ctx: ServiceContext): Promise<number>;
}

/** Gateway calls in flight at once for the attempts of one batch. */
const PAYMENT_CONCURRENCY = 8;

/** The context the engine runs services in (minus the clock: work runs at its own instant), and its processors. */
export type EngineDeps = Omit<ServiceContext, 'clock'> & {
  processors: Record<DueKind, DueProcessor>;
  /** How many items one transaction claims on the system clock. */
  batch?: number;
  payments?: EnginePayments;
};

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

/** How many items one transaction claims and runs on the system clock (test clocks run one by one). */
export const SYSTEM_BATCH = 50;

/**
 * Claims the earliest due items in scope (locked until the transaction ends), earliest first.
 * A subscription waits while one of its own invoices has work due before it (a renewal does not
 * overtake the previous period's finalization or payment retry that another engine holds).
 */
async function claimEarliest(tx: Db, scope: DueScope, limit: number): Promise<Claimed[]> {
  const clockSql = scope.testClock === null ? 'test_clock IS NULL' : 'test_clock = $3';
  const params = scope.testClock === null ? [scope.until, limit] : [scope.until, limit, scope.testClock];
  const claimed: Claimed[] = [];
  for (const kind of ['subscription', 'invoice'] as const) {
    const waits =
      kind === 'subscription'
        ? `AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = t.id AND i.next_action_at IS NOT NULL
                             AND i.next_action_at < t.next_action_at)`
        : '';
    const rows = await tx.query(
      `SELECT id, next_action_at FROM ${TABLES[kind]} t
        WHERE next_action_at IS NOT NULL AND next_action_at <= $1 AND ${clockSql} ${waits}
        ORDER BY next_action_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      params,
    );
    for (const r of rows) claimed.push({ kind, id: r.id, at: Number(r.next_action_at) });
  }
  // Stable sort: at one instant a subscription goes before an invoice, as it always has.
  return claimed.sort((a, b) => a.at - b.at).slice(0, scope.testClock === null ? claimed.length : limit);
}

async function runClaimed(deps: EngineDeps, tx: Db, claimed: Claimed): Promise<void> {
  const ctx: ServiceContext = { ...deps, db: tx, clock: new FixedClock(claimed.at) };
  await deps.processors[claimed.kind](ctx, claimed.id);
  await assertProgress(tx, claimed);
}

/**
 * Runs one due item in one transaction. Returns false when nothing in scope is due (or all of
 * it is claimed by other engines).
 */
export async function runOneDue(deps: EngineDeps, scope: DueScope): Promise<Claimed | false> {
  let attempts: ChargeAttempt[] = [];
  try {
    const claimed = await deps.db.transaction(async (tx) => {
      const deferred = deps.payments ? deferPaymentAttempts(tx) : null;
      try {
        const [claimed] = await claimEarliest(tx, scope, 1);
        if (!claimed) return false;
        await runClaimed(deps, tx, claimed);
        attempts = deferred?.take() ?? [];
        return claimed;
      } finally {
        deferred?.take();
      }
    });
    await completePayments(deps, scope, attempts);
    return claimed;
  } catch (e) {
    if (e instanceof StuckWork) {
      await parkStuck(deps.db, e.claimed, scope.until);
      return e.claimed;
    }
    throw e;
  }
}

/**
 * Claims up to `limit` due items and runs them, earliest first, in one transaction: each at its
 * own instant, inside a savepoint so that a failing item takes only its own changes back. The
 * items done before a failure are committed, then the failure is thrown. Returns the items done.
 */
export async function runDueBatch(deps: EngineDeps, scope: DueScope, limit: number): Promise<Claimed[]> {
  let failure: unknown = null;
  let attempts: ChargeAttempt[] = [];
  const done = await deps.db.transaction(async (tx) => {
    const claimed = await claimEarliest(tx, scope, limit);
    const events = deferEvents(tx);
    const deferred = deps.payments ? deferPaymentAttempts(tx) : null;
    const finished: Claimed[] = [];
    let savepoint = false;
    for (const c of claimed) {
      if (savepoint) await tx.query('RELEASE SAVEPOINT due_item');
      await tx.query('SAVEPOINT due_item');
      savepoint = true;
      const mark = events.mark();
      const attemptMark = deferred?.mark() ?? 0;
      try {
        await runClaimed(deps, tx, c);
      } catch (e) {
        await tx.query('ROLLBACK TO SAVEPOINT due_item');
        events.rollbackTo(mark);
        deferred?.rollbackTo(attemptMark);
        if (!(e instanceof StuckWork)) {
          failure = e;
          break;
        }
        await parkStuck(tx, c, scope.until);
      }
      finished.push(c);
    }
    await flushEvents(tx);
    attempts = deferred?.take() ?? [];
    return finished;
  });
  // Committed: phase 2 (the gateway, outside any transaction) and phase 3 for the whole batch.
  await completePayments(deps, scope, attempts);
  if (failure) throw failure;
  return done;
}

async function completePayments(deps: EngineDeps, scope: DueScope, attempts: ChargeAttempt[]): Promise<void> {
  if (!deps.payments || !attempts.length) return;
  await deps.payments.complete({ ...deps, clock: new FixedClock(scope.until) }, attempts, { concurrency: PAYMENT_CONCURRENCY });
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
  await deps.payments?.finishStuck({ ...deps, clock: new FixedClock(scope.until) });
  if (scope.testClock !== null) {
    // A test clock's work runs strictly in time order: what one item does may be due next.
    for (;;) {
      const r = await runOneDue(deps, scope);
      if (!r) return done;
      done++;
      onProgress?.(done);
    }
  }
  const limit = deps.batch ?? SYSTEM_BATCH;
  for (;;) {
    const batch = await runDueBatch(deps, scope, limit);
    if (!batch.length) return done;
    for (let k = 0; k < batch.length; k++) {
      done++;
      onProgress?.(done);
    }
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
