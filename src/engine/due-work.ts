// Finds and runs due work: subscriptions, invoices, scheduled notices and credit grant expiries
// whose next_action_at has come, earliest first, claimed in batches with FOR UPDATE SKIP LOCKED,
// each item at the instant it was due.
// Renewals and finalizations run set-based (a few `= ANY` loads, decisions in memory, multi-row
// writes); everything else runs one by one in a savepoint. Any number of engine processes may run
// this against one database; a test clock's work runs one instant at a time, in time order.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import type { Db } from '../store/db.ts';
import { FixedClock, type UnixSeconds } from '../core/clock.ts';
import { deferEvents, flushEvents } from '../events/record-event.ts';
import { renewSubscriptions } from '../services/billing/renew-subscriptions.ts';
import { finalizeInvoices, finalizesInBatch, saveFinalizedInvoices } from '../services/billing/finalize-invoices.ts';
import { renewsInBatch } from '../services/billing/renews-in-batch.ts';
import { beginInvoicePaymentAttempts } from '../services/invoices/attempt-invoice-payment.ts';
import type { ChargeAttempt } from '../payments/attempt-protocol.ts';
import { deferAttempts, deferPaymentAttempts, type DeferredAttempts } from '../payments/deferred-attempts.ts';

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
  /** How many items (of each kind) one transaction claims. */
  batch?: number;
  payments?: EnginePayments;
  /** Work that follows the due work on every tick of the loop (sending email), each on its own. */
  outboxes?: Outbox[];
  /** Sends due webhook deliveries at ctx.clock.now(); returns how many were attempted (its own loop). */
  deliveries?: (ctx: ServiceContext) => Promise<number>;
};

/** Drains an outbox at ctx.clock.now() (never inside a transaction of the caller's). */
export type Outbox = (ctx: ServiceContext) => Promise<unknown>;

export interface DueScope {
  /** Work of this test clock's customers; null: work that runs on the system clock. */
  testClock: string | null;
  /** Run what is due at or before this instant. */
  until: UnixSeconds;
}

interface Claimed {
  kind: DueKind;
  id: string;
  at: UnixSeconds;
  /** The object as claimed (locked): the set-based path decides from it without loading it again. */
  data: any;
}

const TABLES = { subscription: 'subscriptions', invoice: 'invoices', notice: 'subscription_notices', credit_grant: 'credit_grants' } as const;

export type DueKind = keyof typeof TABLES;
/** Does the one thing due for the object at ctx.clock.now() and moves its next_action_at on. */
export type DueProcessor = (ctx: ServiceContext, id: string) => Promise<void>;

/** How many items (of each kind) one transaction claims. */
export const SYSTEM_BATCH = 500;

/**
 * Claims the earliest due items in scope (locked until the transaction ends), earliest first.
 * A subscription waits while one of its own invoices has work due before it (a renewal does not
 * overtake the previous period's finalization or payment retry that another engine holds).
 * On a test clock only the items of the earliest due instant are claimed: what they do may be
 * due at the next instant, so instants run strictly one after another.
 */
async function claimEarliest(tx: Db, scope: DueScope, limit: number): Promise<Claimed[]> {
  const onClock = scope.testClock !== null;
  const clockSql = onClock ? 'test_clock = $3' : 'test_clock IS NULL';
  let until = scope.until;
  if (onClock) {
    const [row] = await tx.query(
      `SELECT least(${Object.values(TABLES)
        .map((t) => `(SELECT min(next_action_at) FROM ${t} WHERE next_action_at IS NOT NULL AND next_action_at <= $1 AND test_clock = $2)`)
        .join(', ')}) AS at`,
      [scope.until, scope.testClock],
    );
    if (row.at === null) return [];
    until = Number(row.at);
  }
  const params = onClock ? [until, limit, scope.testClock] : [until, limit];
  const claimed: Claimed[] = [];
  for (const kind of ['subscription', 'invoice', 'notice', 'credit_grant'] as const) {
    const waits =
      kind === 'subscription'
        ? `AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = t.id AND i.next_action_at IS NOT NULL
                             AND i.next_action_at < t.next_action_at)`
        : '';
    const rows = await tx.query(
      `SELECT id, next_action_at, ${kind === 'notice' || kind === 'credit_grant' ? 'NULL AS data' : 'data'} FROM ${TABLES[kind]} t
        WHERE next_action_at IS NOT NULL AND next_action_at <= $1 AND ${clockSql} ${waits}
        ORDER BY next_action_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
      params,
    );
    for (const r of rows) claimed.push({ kind, id: r.id, at: Number(r.next_action_at), data: r.data });
  }
  // Stable sort: at one instant a subscription goes before an invoice.
  return claimed.sort((a, b) => a.at - b.at);
}

async function runClaimed(deps: EngineDeps, tx: Db, claimed: Claimed): Promise<void> {
  const ctx: ServiceContext = { ...deps, db: tx, clock: new FixedClock(claimed.at) };
  await deps.processors[claimed.kind](ctx, claimed.id);
  await assertProgress(tx, claimed);
}

/**
 * Claims up to `limit` due items and runs them in one transaction: renewals and finalizations
 * set-based, the rest one by one (each in a savepoint, so that a failing item takes only its own
 * changes back); subscriptions before invoices. The items done before a failure are committed,
 * then the failure is thrown. Returns the items done.
 */
export async function runDueBatch(deps: EngineDeps, scope: DueScope, limit: number): Promise<Claimed[]> {
  let failure: unknown = null;
  let attempts: ChargeAttempt[] = [];
  const done = await deps.db.transaction(async (tx) => {
    const claimed = await claimEarliest(tx, scope, limit);
    const events = deferEvents(tx);
    const deferred = deferPaymentAttempts(tx);
    const { done: batched, rest } = await runSetBased(deps, tx, claimed, events, deferred);
    const finished: Claimed[] = [...batched];
    const ordered = (['notice', 'credit_grant', 'subscription', 'invoice'] as const).flatMap((kind) => rest.filter((c) => c.kind === kind));
    let savepoint = false;
    for (const c of ordered) {
      if (savepoint) await tx.query('RELEASE SAVEPOINT due_item');
      await tx.query('SAVEPOINT due_item');
      savepoint = true;
      const mark = events.mark();
      const attemptMark = deferred.mark();
      try {
        await runClaimed(deps, tx, c);
      } catch (e) {
        await tx.query('ROLLBACK TO SAVEPOINT due_item');
        events.rollbackTo(mark);
        deferred.rollbackTo(attemptMark);
        if (!(e instanceof StuckWork)) {
          failure = e;
          break;
        }
        await parkStuck(tx, c, scope.until);
      }
      finished.push(c);
    }
    await flushEvents(tx);
    attempts = deferred.take();
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

/**
 * The set-based part of a batch: due renewals, then due finalizations with their payment. It runs
 * in a savepoint; should it fail, its items go back to the one-by-one path (which then fails, or
 * not, item by item).
 */
async function runSetBased(
  deps: EngineDeps,
  tx: Db,
  claimed: Claimed[],
  events: { mark(): number; rollbackTo(mark: number): void },
  deferred: DeferredAttempts,
): Promise<{ done: Claimed[]; rest: Claimed[] }> {
  const renewals = claimed.filter((c) => c.kind === 'subscription' && renewsInBatch(c.data, c.at));
  const finalizations = claimed.filter((c) => c.kind === 'invoice' && finalizesInBatch(c.data, c.at));
  if (!renewals.length && !finalizations.length) return { done: [], rest: claimed };
  const mark = events.mark();
  const attemptMark = deferred.mark();
  await tx.query('SAVEPOINT set_based');
  try {
    await renewSubscriptions(deps, tx, renewals.map((c) => ({ subscription: c.data, at: c.at })));
    const finalized = await finalizeInvoices(deps, tx, finalizations.map((c) => ({ invoice: c.data, at: c.at })));
    // Phase 1 of their payment, one call per instant (an attempt is recorded at its invoice's instant).
    const written = new Set<string>();
    for (const [at, invoices] of groupByInstant(finalized.toCollect)) {
      const begun = await beginInvoicePaymentAttempts({ ...deps, db: tx, clock: new FixedClock(at) }, invoices.map((invoice) => ({ invoice })));
      deferAttempts(tx, begun.attempts);
      for (const id of [...begun.processing.keys(), ...begun.settled.keys()]) written.add(id);
    }
    await saveFinalizedInvoices(tx, finalized.toCollect.map((c) => c.invoice).filter((i) => !written.has(i.id)));
    await tx.query('RELEASE SAVEPOINT set_based');
    const left = new Set(finalized.others.map((o) => o.invoice.id));
    const done = [...renewals, ...finalizations.filter((c) => !left.has(c.id))];
    const doneIds = new Set(done.map((c) => c.id));
    return { done, rest: claimed.filter((c) => !doneIds.has(c.id)) };
  } catch (e) {
    await tx.query('ROLLBACK TO SAVEPOINT set_based');
    events.rollbackTo(mark);
    deferred.rollbackTo(attemptMark);
    console.error('engine: set-based batch failed; running its items one by one:', e);
    return { done: [], rest: claimed };
  }
}

function groupByInstant(items: Array<{ invoice: Stripe.Invoice; at: number }>): Map<number, Stripe.Invoice[]> {
  const out = new Map<number, Stripe.Invoice[]>();
  for (const i of items) out.set(i.at, [...(out.get(i.at) ?? []), i.invoice]);
  return out;
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
  const limit = deps.batch ?? SYSTEM_BATCH;
  for (;;) {
    const batch = await runDueBatch(deps, scope, limit);
    if (!batch.length) return done;
    done += batch.length;
    onProgress?.(done);
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
