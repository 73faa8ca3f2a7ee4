// The usage crash test: the API process is killed with SIGKILL while batches stream in through the
// SDK's v2 meterEventStream, several in flight, and while it folds them into the usage tables. After a
// restart (whose fold finishes the work) every acknowledged event is counted exactly once, every
// batch is all or nothing, and re-sending every batch (a client retrying what it is unsure of) leaves
// each identifier counted once.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_API_KEY } from '../support/recur.ts';
import { PgDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';

const WORKER = fileURLToPath(new URL('./usage-server-worker.ts', import.meta.url));
const BATCHES = 60;
const PER_BATCH = 1000;
const IN_FLIGHT = 4;
const KILL_AFTER_ACKS = 15;

function startServer(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: url, API_KEY: TEST_API_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((ok, fail) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      const m = /listening (\d+)/.exec(c);
      if (m) ok({ child, port: Number(m[1]) });
    });
    child.on('exit', (code) => fail(new Error(`server exited (${code}): ${err}`)));
  });
}

const client = (port: number, key = TEST_API_KEY) => new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });

let db: PgDb;
let url: string;
let drop: () => Promise<void>;
beforeAll(async () => {
  const t = await createTestDatabase({ migrated: true });
  url = t.url;
  drop = t.drop;
  db = PgDb.connect(url, 2);
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params))[0];

/** Waits (generously) until the server has folded every acknowledged batch. */
async function folded(): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (Number((await one('SELECT count(*) AS n FROM meter_event_batches')).n) === 0) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error('acknowledged batches were still waiting to be folded');
}

describe('an API process killed while events stream in', () => {
  it('counts every acknowledged event exactly once after a restart', async () => {
    let server = await startServer(url);
    const admin = client(server.port);
    await admin.billing.meters.create({ display_name: 'Cases', event_name: 'crash_case', default_aggregation: { formula: 'sum' } });
    const customers = await Promise.all(Array.from({ length: 20 }, (_, i) => admin.customers.create({ name: `Funder ${i}` })));
    const iso = new Date().toISOString();
    const batches = Array.from({ length: BATCHES }, (_, b) =>
      Array.from({ length: PER_BATCH }, (_, i) => ({
        event_name: 'crash_case',
        identifier: `b${b}-e${i}`,
        timestamp: iso,
        payload: { stripe_customer_id: customers[(b + i) % customers.length].id, value: '1' },
      })),
    );

    const session = await admin.v2.billing.meterEventSession.create();
    const stream = client(server.port, session.authentication_token);
    const acked = new Set<number>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < BATCHES && !killed) {
        const b = next++;
        try {
          await stream.v2.billing.meterEventStream.create({ events: batches[b] });
          acked.add(b);
          if (acked.size === KILL_AFTER_ACKS && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        } catch {
          // Not acknowledged: the connection died with the server.
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    await new Promise((ok) => (server.child.exitCode !== null || server.child.signalCode ? ok(null) : server.child.on('exit', ok)));
    expect(server.child.signalCode).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    // Restarted, the server folds what was acknowledged but not yet folded.
    server = await startServer(url);
    await folded();

    // Every acknowledged batch is there in full; every batch is all or nothing.
    const present = new Map(
      (await db.query(`SELECT split_part(identifier, '-', 1) AS b, count(*)::int AS n FROM meter_event_identifiers GROUP BY 1`)).map((r) => [r.b as string, r.n as number]),
    );
    for (const b of acked) expect(present.get(`b${b}`)).toBe(PER_BATCH);
    for (const n of present.values()) expect(n).toBe(PER_BATCH);
    const counted = async () => ({
      hours: Number((await one('SELECT coalesce(sum(value_sum), 0) AS n FROM meter_event_segments')).n),
      raw: Number((await one('SELECT coalesce(sum(cardinality(identifiers)), 0) AS n FROM meter_event_segments')).n),
      identifiers: Number((await one('SELECT count(*) AS n FROM meter_event_identifiers')).n),
    });
    const afterKill = await counted();
    expect(afterKill).toEqual({ hours: present.size * PER_BATCH, raw: present.size * PER_BATCH, identifiers: present.size * PER_BATCH });

    // The client re-sends everything: each identifier still counts once.
    const again = client(server.port, (await client(server.port).v2.billing.meterEventSession.create()).authentication_token);
    for (const events of batches) await again.v2.billing.meterEventStream.create({ events });
    await folded();
    expect(await counted()).toEqual({ hours: BATCHES * PER_BATCH, raw: BATCHES * PER_BATCH, identifiers: BATCHES * PER_BATCH });
    server.child.kill('SIGKILL');
  }, 300_000);
});
