// One database interface over node-postgres (a server) and PGlite (embedded): the same SQL runs on both.
import pg from 'pg';

import type { Db, Row } from '../core/db.ts';
export type { Db, Row };


// int8 columns (money, Unix seconds) come back as JS numbers: every amount fits in 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

export class PgDb implements Db {
  readonly inTransaction = false;
  constructor(readonly pool: pg.Pool) {}

  static connect(url: string, max = 10): PgDb {
    const pool = new pg.Pool({ connectionString: url, max });
    // An idle client whose server connection ends (a restart, a dropped database) is removed from the
    // pool; without a listener its error would crash the process.
    pool.on('error', () => undefined);
    pool.on('connect', (client) => coalesceWrites((client as unknown as { connection: { stream: NodeJS.WritableStream } }).connection.stream));
    return new PgDb(pool);
  }

  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.pool.query(sql, params as any[]);
    return r.rows as T[];
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgTx(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * node-postgres writes each query as five messages (parse, bind, describe, execute, sync), one
 * socket write each; profiles of the API under load showed a third of the CPU in those writes.
 * Corking the socket until the end of the tick sends them, and anything else queued in the same
 * tick, in one system call.
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
      process.nextTick(uncork);
    }
    return write(...args);
  }) as typeof stream.write;
}

class PgTx implements Db {
  readonly inTransaction = true;
  constructor(private client: pg.PoolClient) {}
  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.client.query(sql, params as any[]);
    return r.rows as T[];
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
    return this.lite.transaction((t: any) => fn(new PgliteTx(t)));
  }

  close(): Promise<void> {
    return this.lite.close();
  }
}

const PGLITE_PARSERS = { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) };

class PgliteTx implements Db {
  readonly inTransaction = true;
  constructor(private t: any) {}
  async query<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
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
