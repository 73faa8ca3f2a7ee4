// The crash test: 1,000 subscriptions renew while the engine process is killed with SIGKILL at
// each payment phase — after an attempt committed but before the processor was asked, after the
// processor charged but before the outcome was recorded, and in the middle of recording it — and
// restarted each time. Every renewal invoice exists once and ends paid, and the processor's own
// ledger shows one charge per attempt and exactly one successful charge per paid invoice.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/recur.ts';
import { PgDb } from '../../src/store/db.ts';
import { seedBilling } from '../../bench/billing-seed.ts';

const WORKER = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
const SUBSCRIPTIONS = 1000;
const CREATED = Date.UTC(2025, 5, 1) / 1000;

function runEngine(url: string, until: number, stop?: { at: string; after: number }) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: url, UNTIL: String(until), STOP_AT: stop?.at ?? '', STOP_AFTER: String(stop?.after ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; finished: number | null; stderr: string }>((ok) =>
    child.on('exit', (code, signal) => (console.log(`engine ${stop?.at ?? "to the end"}: ${Math.round(performance.now() - t0)} ms`), ok({ code, signal, finished: /finished (\d+)/.test(out) ? Number(/finished (\d+)/.exec(out)![1]) : null, stderr: err }))),
  );
}

let db: PgDb;
let url: string;
let drop: () => Promise<void>;
let renewAt: number;

beforeAll(async () => {
  const t = await createTestDatabase({ migrated: true });
  url = t.url;
  drop = t.drop;
  renewAt = (await seedBilling(url, SUBSCRIPTIONS, CREATED)).renewAt;
  db = PgDb.connect(url, 2);
}, 600_000);
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params))[0];

describe('an engine killed at each payment phase', () => {
  it('renews 1,000 subscriptions, each invoice once, each paid by exactly one charge', async () => {
    // Renewal drafts finalize (and are charged) an hour after the renewal.
    const until = renewAt + 2 * 3600;
    const ledgerBefore = Number((await one('SELECT count(*) AS n FROM test_processor_ledger')).n);

    const stuck = () =>
      one(`SELECT count(*)::int AS processing,
                  count(l.idempotency_key)::int AS charged
             FROM payment_attempts a LEFT JOIN test_processor_ledger l ON l.idempotency_key = a.gateway_key
            WHERE a.status = 'processing'`);

    // 1. Killed with attempts committed that the processor never saw.
    const a = await runEngine(url, until, { at: 'before_gateway', after: 30 });
    expect(a.signal, a.stderr).toBe('SIGKILL');
    const afterA = await stuck();
    expect(afterA.processing).toBeGreaterThan(afterA.charged);

    // 2. Killed after the processor charged, before the outcome was recorded.
    const b = await runEngine(url, until, { at: 'after_gateway', after: 120 });
    expect(b.signal, b.stderr).toBe('SIGKILL');
    const afterB = await stuck();
    expect(afterB.charged).toBeGreaterThan(0);

    // 3. Killed inside phase 3, its transaction lost with the attempts it had marked finished.
    const c = await runEngine(url, until, { at: 'in_phase3', after: 3 });
    expect(c.signal, c.stderr).toBe('SIGKILL');
    const afterC = await stuck();
    expect(afterC.charged).toBeGreaterThan(0);

    // 4. Restarted without faults until all work is done.
    const d = await runEngine(url, until);
    expect(d.code, d.stderr).toBe(0);
    expect(d.finished).toBeGreaterThan(0);

    const renewals = await db.query(
      `SELECT subscription_id, count(*)::int AS n, bool_and(status = 'paid') AS paid FROM invoices
        WHERE (data->>'billing_reason') = 'subscription_cycle' GROUP BY 1`,
    );
    expect(renewals).toHaveLength(SUBSCRIPTIONS);
    expect(renewals.every((x) => x.n === 1 && x.paid)).toBe(true);
    expect(await one(`SELECT count(*)::int AS n FROM invoices WHERE status <> 'paid'`)).toEqual({ n: 0 });
    expect(await one(`SELECT count(*)::int AS n FROM payment_attempts WHERE status = 'processing'`)).toEqual({ n: 0 });

    // The processor's ledger: every charge belongs to one attempt (keyed by it), nothing was charged
    // under another key, and each paid renewal invoice got exactly one successful charge.
    const ledger = await one(
      `SELECT count(*)::int AS n, count(a.id)::int AS of_attempts FROM test_processor_ledger l
         LEFT JOIN payment_attempts a ON a.gateway_key = l.idempotency_key`,
    );
    expect(ledger.n).toBe(ledger.of_attempts);
    expect(ledger.n - ledgerBefore).toBeGreaterThanOrEqual(SUBSCRIPTIONS - 1);
    const perInvoice = await db.query(
      `SELECT i.id, count(l.idempotency_key) FILTER (WHERE l.status = 'succeeded')::int AS succeeded,
              count(l.idempotency_key)::int AS charges, count(a.id)::int AS attempts
         FROM invoices i
         JOIN payment_attempts a ON a.invoice_id = i.id
         LEFT JOIN test_processor_ledger l ON l.idempotency_key = a.gateway_key
        WHERE (i.data->>'billing_reason') = 'subscription_cycle' GROUP BY i.id`,
    );
    const charged = Number((await one(`SELECT count(*) AS n FROM invoices WHERE (data->>'billing_reason') = 'subscription_cycle' AND (data->>'amount_due')::bigint > 0`)).n);
    expect(perInvoice).toHaveLength(charged);
    expect(perInvoice.filter((x) => x.succeeded !== 1 || x.charges !== x.attempts)).toEqual([]);
    // The recorded charges agree with the ledger: one succeeded Charge per paid renewal invoice.
    const charges = await db.query(
      `SELECT a.invoice_id, count(*)::int AS n FROM charges c JOIN payment_attempts a ON a.charge_id = c.id
        WHERE c.data->>'status' = 'succeeded' GROUP BY 1 HAVING count(*) <> 1`,
    );
    expect(charges).toEqual([]);
  }, 600_000);
});
