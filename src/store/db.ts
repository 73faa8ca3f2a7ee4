// One database interface over node-postgres (a server) and PGlite (embedded): the same SQL runs on both.
import { createRequire } from 'node:module';
import type pg from 'pg';

import type { Db, Row } from '../core/db.ts';
import { mergeWrites, type Write } from './merge-writes.ts';
export type { Db, Row };


let nodePostgresModule: typeof pg | undefined;

/** node-postgres, loaded when a server is first connected to: the embedded store never needs it (start-up time). */
function nodePostgres(): typeof pg {
  if (!nodePostgresModule) {
    nodePostgresModule = createRequire(import.meta.url)('pg') as typeof pg;
    // int8 columns (money, Unix seconds) come back as JS numbers: every amount fits in 2^53.
    nodePostgresModule.types.setTypeParser(20, (v) => Number(v));
    nodePostgresModule.types.setTypeParser(1700, (v) => Number(v));
  }
  return nodePostgresModule;
}

/**
 * Statements run often are sent as named prepared statements, so PostgreSQL parses and plans them
 * once per connection instead of on every call. Only plain DML whose result shape cannot change
 * under a migration (no `*`), after a few uses and up to a bound, so dynamic SQL (multi-row inserts
 * of varying size, list filters) cannot fill the server's memory.
 */
const PREPARABLE = /^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i;
const PREPARE_AFTER_USES = 3;
const MAX_PREPARED = 500;
const uses = new Map<string, number>();
const prepared = new Map<string, string>();

function queryConfig(sql: string, params: unknown[]): pg.QueryConfig {
  let name = prepared.get(sql);
  if (!name && prepared.size < MAX_PREPARED && sql.length < 4000 && !sql.includes('*') && PREPARABLE.test(sql)) {
    const n = (uses.get(sql) ?? 0) + 1;
    if (uses.size > 2_000) uses.clear();
    uses.set(sql, n);
    if (n >= PREPARE_AFTER_USES) {
      name = `recur_${prepared.size}`;
      prepared.set(sql, name);
    }
  }
  return { text: sql, values: params as any[], ...(name ? { name } : {}) };
}

export class PgDb implements Db {
  readonly inTransaction = false;
  constructor(readonly pool: pg.Pool) {}

  static connect(url: string, max = 10): PgDb {
    // Pipeline mode (node-postgres's own) writes each query as soon as it is issued instead of after
    // the previous answer, so a transaction's BEGIN and its enqueued writes cost no round trip of their own.
    const pool = new (nodePostgres().Pool)({ connectionString: url, max, pipeline: true });
    // An idle client whose server connection ends (a restart, a dropped database) is removed from the
    // pool; without a listener its error would crash the process.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => coalesceWrites((client as unknown as { connection: { stream: NodeJS.WritableStream } }).connection.stream));
    return new PgDb(pool);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.pool.query(queryConfig(sql, params));
    return r.rows as T[];
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx = new PgTx(client);
    let broken: Error | undefined;
    try {
      // Not awaited: BEGIN travels with the transaction's first query, COMMIT with its last writes.
      tx.enqueue('BEGIN');
      const result = await fn(tx);
      await tx.query('COMMIT');
      return result;
    } catch (e) {
      await tx.query('ROLLBACK').catch((r) => (broken = r));
      throw e;
    } finally {
      // A connection that cannot even roll back is discarded rather than handed to the next caller.
      client.release(broken);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * node-postgres writes each query as five messages (parse, bind, describe, execute, sync), one
 * socket write each; profiles of the API under load showed a third of the CPU in those writes.
 * Corking the socket until the end of this turn of the event loop (setImmediate: after the promise
 * continuations that enqueue a transaction's next writes, which a nextTick would run before) sends
 * them, and the pipelined statements queued with them, in one system call.
 */
function coalesceWrites(stream: NodeJS.WritableStream & { cork?: () => void; uncork?: () => void }): void {
  if (typeof stream.cork !== 'function') return;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork!();
  };
  stream.write = ((...args: unknown[]) => {
    if (!corked) {
      corked = true;
      stream.cork!();
      setImmediate(uncork);
    }
    return write(...args);
  }) as typeof stream.write;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );

const ROLLBACK = /^\s*ROLLBACK\b/i;

class PgTx implements Db {
  readonly inTransaction = true;
  /** Enqueued writes not yet sent; sent (consecutive inserts merged) just before the next query. */
  private pending: Write[] = [];
  constructor(private client: pg.PoolClient) {}

  enqueue(sql: string, params: unknown[] = []): void {
    this.pending.push({ sql, params });
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    // A rollback (to a savepoint or of everything) undoes what was enqueued since, and whatever
    // failure it caused: those writes are dropped rather than sent to fail in an aborted transaction.
    const rollback = ROLLBACK.test(sql);
    if (rollback) this.pending = [];
    // The writes go first, then the query, on one connection: each is answered in that order.
    const ahead = mergeWrites(this.pending).map((w) => settle(this.client.query(queryConfig(w.sql, w.params))));
    this.pending = [];
    // Settled at once so a rejection while the writes ahead are awaited is never "unhandled".
    const answer = settle(this.client.query(queryConfig(sql, params)));
    // A failed write aborted the transaction, so this query failed too: report the cause.
    const failure = (await Promise.all(ahead)).find((w) => !w.ok);
    if (failure && !failure.ok && !rollback) throw failure.error;
    const r = await answer;
    if (!r.ok) throw r.error;
    return r.value.rows as T[];
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export class PgliteDb implements Db {
  readonly inTransaction = false;
  constructor(private lite: any) {}

  static async open(dataDir: string | undefined): Promise<PgliteDb> {
    const { PGlite } = await import('@electric-sql/pglite');
    const lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    return new PgliteDb(lite);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.lite.query(sql, params, { parsers: PGLITE_PARSERS });
    return r.rows as T[];
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t: any) => {
      const tx = new PgliteTx(t);
      const result = await fn(tx);
      await tx.flush();
      return result;
    });
  }

  close(): Promise<void> {
    return this.lite.close();
  }
}

const PGLITE_PARSERS = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };

class PgliteTx implements Db {
  readonly inTransaction = true;
  /** PGlite answers in-process, so enqueued writes simply run before the next query or the commit. */
  private queued: Array<[string, unknown[]]> = [];
  constructor(private t: any) {}
  enqueue(sql: string, params: unknown[] = []): void {
    this.queued.push([sql, params]);
  }
  async flush(): Promise<void> {
    while (this.queued.length) {
      const [sql, params] = this.queued.shift()!;
      await this.t.query(sql, params, { parsers: PGLITE_PARSERS });
    }
  }
  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    await this.flush();
    const r = await this.t.query(sql, params, { parsers: PGLITE_PARSERS });
    return r.rows as T[];
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

/** Opens the store named by the environment: DATABASE_URL (PostgreSQL) or embedded PGlite in dataDir. */
export async function openDb(opts: { databaseUrl?: string; dataDir?: string; poolSize?: number }): Promise<Db> {
  if (opts.databaseUrl) return PgDb.connect(opts.databaseUrl, opts.poolSize);
  return PgliteDb.open(opts.dataDir);
}
