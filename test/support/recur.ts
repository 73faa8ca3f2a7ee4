// Starts Recur for a test file: its own PostgreSQL database (or embedded PGlite), migrated,
// with an API key, listening on a free port, and the official stripe client pointed at it.
import Stripe from 'stripe';
import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDeps } from '../../src/api/app.ts';
import { composeRecur, type ComposeOptions, type Composed } from '../../src/cli/compose.ts';
import type { ServiceContext } from '../../src/core/context.ts';
import { PgDb, PgliteDb, type Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { ensureApiKey } from '../../src/api/http/auth.ts';
import { FixedClock } from '../../src/core/clock.ts';
import { TEMPLATE_ENV } from './template-database.ts';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_API_KEY = 'sk_test_recur_suite_key_0000000000';

export interface TestRecur {
  stripe: Stripe;
  db: Db;
  app: FastifyInstance;
  clock: FixedClock;
  /** The collaborators the app was built with (its context and engine). */
  recur: Composed;
  /** A service context on this store at the test clock, optionally inside a transaction. */
  context(db?: Db): ServiceContext;
  url: string;
  port: number;
  databaseUrl?: string;
  /** Raw HTTP for what the SDK cannot send (malformed bodies, missing auth). */
  fetch(path: string, init?: RequestInit & { auth?: boolean }): Promise<{ status: number; headers: Headers; body: any }>;
  close(): Promise<void>;
}

/**
 * Creates a PostgreSQL database and returns its URL and a drop function: empty, or with `migrated`
 * a copy of the run's migrated template (test/support/template-database.ts) when there is one.
 */
export async function createTestDatabase(opts: { migrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `recur_test_${randomBytes(6).toString('hex')}`;
  const template = opts.migrated ? process.env[TEMPLATE_ENV] : undefined;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = TEST_PG_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    async drop() {
      const a = new pg.Client({ connectionString: TEST_PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function startRecur(
  opts: {
    pglite?: boolean;
    now?: number;
    compose?: Partial<Omit<ComposeOptions, 'db' | 'clock'>>;
    /** Options of the app itself (e.g. wrapped routes that count handler runs). */
    app?: Omit<AppDeps, 'context'>;
  } = {},
): Promise<TestRecur> {
  let db: Db;
  let drop = async () => {};
  let databaseUrl: string | undefined;
  if (opts.pglite) {
    db = await PgliteDb.open(undefined);
  } else {
    const t = await createTestDatabase({ migrated: true });
    db = PgDb.connect(t.url, 10);
    drop = t.drop;
    databaseUrl = t.url;
  }
  await migrate(db);
  const clock = new FixedClock(opts.now ?? 1_767_225_600); // 2026-01-01T00:00:00Z
  await ensureApiKey(db, clock.now(), TEST_API_KEY);
  const recur = composeRecur({ db, clock, ...opts.compose });
  const app = await buildApp({ ...opts.app, context: recur.context });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as any).port as number;
  const url = `http://127.0.0.1:${port}`;
  const stripe = new Stripe(TEST_API_KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    stripe,
    db,
    app,
    clock,
    recur,
    context: (tx?: Db) => ({ ...recur.context, db: tx ?? db }),
    url,
    port,
    databaseUrl,
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.auth !== false && !headers.has('authorization')) headers.set('authorization', `Bearer ${TEST_API_KEY}`);
      const res = await fetch(url + path, { ...init, headers });
      const text = await res.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: res.headers, body };
    },
    async close() {
      await app.close();
      await db.close();
      await drop();
    },
  };
}

/**
 * One Recur for a test file: started before its tests, closed after them. What it returns stands
 * for that Recur; read it inside tests and hooks (at the top of the file it is not started yet).
 */
export function recurForFile(opts: Parameters<typeof startRecur>[0] = {}): TestRecur {
  let started: TestRecur | undefined;
  beforeAll(async () => {
    started = await startRecur(opts);
  });
  afterAll(() => started?.close());
  return new Proxy({} as TestRecur, {
    get(_, key) {
      if (!started) throw new Error('The test Recur is not started yet: use it inside tests and hooks.');
      return Reflect.get(started, key);
    },
  });
}

/** Asserts a promise rejects with a Stripe error of this type/param/status; returns the error. */
export async function expectStripeError(
  p: Promise<unknown>,
  want: { status?: number; type?: string; param?: string; code?: string },
): Promise<any> {
  try {
    await p;
  } catch (e: any) {
    const got = { status: e.statusCode, type: e.raw?.type ?? e.type, param: e.param ?? e.raw?.param, code: e.code ?? e.raw?.code };
    for (const [k, v] of Object.entries(want)) {
      if ((got as any)[k] !== v) throw new Error(`expected ${k}=${v}, got ${JSON.stringify(got)} (${e.message})`);
    }
    return e;
  }
  throw new Error('expected the request to fail');
}
