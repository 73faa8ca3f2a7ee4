// Engine processes side by side: two child processes run the same due work (six months of
// renewals for 60 subscriptions, each finalized and paid) and every period is invoiced, finalized
// and charged exactly once; a process killed mid-run loses nothing and bills nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { countDue } from '../../src/engine/due-work.ts';
import { billingFacts, createBook, startEngineProcess, utc } from './engine-processes.ts';

const SUBSCRIPTIONS = 60;
const CREATED = utc(2025, 6, 1);
// Renewals on Jul 1 … Dec 1; two hours past the last so its draft is finalized and paid.
const UNTIL = utc(2025, 12, 1) + 2 * 3600;
const RENEWAL_KEYS = [7, 8, 9, 10, 11, 12].map((m) => String(utc(2025, m, 1))).sort();

async function expectBilledOnce(r: TestRecur, subs: string[]) {
  const f = await billingFacts(r);
  expect(f.perSub).toHaveLength(subs.length);
  for (const s of f.perSub) {
    expect(s.n).toBe(7); // the first invoice + 6 renewals
    expect((s.keys as Array<string | null>).filter((k) => k !== null && k !== '').sort()).toEqual(expect.arrayContaining(RENEWAL_KEYS));
  }
  expect(f.dupPeriods).toEqual([]);
  expect(f.unpaid).toEqual([]);
  const invoices = subs.length * 7;
  expect(f.intents).toHaveLength(invoices);
  expect(f.intents.every((x) => x.n === 1)).toBe(true);
  expect(f.charges).toHaveLength(invoices);
  expect(f.charges.every((x) => x.n === 1)).toBe(true);
  expect(f.payments).toHaveLength(invoices);
  expect(f.payments.every((x) => x.n === 1)).toBe(true);
  expect(f.eventsPerInvoice.every((e) => e.n === 1)).toBe(true);
  expect(f.eventsPerInvoice.filter((e) => e.type === 'invoice.paid')).toHaveLength(invoices);
  expect(await countDue(r.db, { testClock: null, until: UNTIL })).toBe(0);
}

describe('two engine processes over the same due work', () => {
  let r: TestRecur;
  let subs: string[];
  beforeAll(async () => {
    r = await startRecur({ now: CREATED });
    subs = await createBook(r, SUBSCRIPTIONS);
  }, 600_000);
  afterAll(() => r?.close());

  it('invoice every period exactly once, and both do some of it', async () => {
    const due = await countDue(r.db, { testClock: null, until: UNTIL });
    // Each subscription's first renewal and the invoice.upcoming notice 7 days before it; the rest follow.
    expect(due).toBe(2 * SUBSCRIPTIONS);
    const a = startEngineProcess(r.databaseUrl!, UNTIL);
    const b = startEngineProcess(r.databaseUrl!, UNTIL);
    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect([ra.code, rb.code], ra.stderr + rb.stderr).toEqual([0, 0]);
    // 6 renewals + 6 finalizations (each pays its invoice) + 6 upcoming-invoice notices per
    // subscription (Jun 24 … Nov 24), split between them.
    expect(ra.done! + rb.done!).toBe(SUBSCRIPTIONS * 18);
    expect(ra.done).toBeGreaterThan(0);
    expect(rb.done).toBeGreaterThan(0);
    await expectBilledOnce(r, subs);
  }, 600_000);
});

describe('an engine process killed mid-run', () => {
  let r: TestRecur;
  let subs: string[];
  beforeAll(async () => {
    r = await startRecur({ now: CREATED });
    subs = await createBook(r, SUBSCRIPTIONS);
  }, 600_000);
  afterAll(() => r?.close());

  it('loses nothing and bills nothing twice when restarted', async () => {
    const first = startEngineProcess(r.databaseUrl!, UNTIL);
    const deadline = Date.now() + 60_000;
    while (first.progress() < 100 && Date.now() < deadline) await new Promise((ok) => setTimeout(ok, 20));
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.done).toBeNull(); // it really died mid-run
    const left = await countDue(r.db, { testClock: null, until: UNTIL });
    expect(left).toBeGreaterThan(0);

    // What the dead process committed is whole: every invoice it created has its lines and event.
    const orphans = await r.db.query(
      `SELECT i.id FROM invoices i WHERE NOT EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id)
          OR NOT EXISTS (SELECT 1 FROM events e WHERE e.type = 'invoice.created' AND e.data->'data'->'object'->>'id' = i.id)`,
    );
    expect(orphans).toEqual([]);

    const second = startEngineProcess(r.databaseUrl!, UNTIL);
    const rest = await second.exited;
    expect(rest.code, rest.stderr).toBe(0);
    expect(rest.done).toBeGreaterThan(0);
    await expectBilledOnce(r, subs);
  }, 600_000);
});
