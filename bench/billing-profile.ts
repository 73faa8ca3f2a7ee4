// Where a renewal's time goes: seeds BENCH_N subscriptions (default 500), runs the engine in
// this process with every query counted and timed by statement, and prints the CPU a renewal costs
// (the engine's own, and the whole machine's) and the heaviest statements.
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { createDatabase } from './billing-db.ts';
import { seedBilling } from './billing-seed.ts';
import { PgDb } from '../src/store/db.ts';
import { runDue } from '../src/engine/due-work.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { systemClock } from '../src/core/clock.ts';
import { createTestCardProcessor } from '../src/payments/test-card-processor.ts';
import { memoryLedger } from '../src/payments/charge-ledger.ts';

const N = Number(process.env.BENCH_N ?? 500);

/** CPU ticks (1/100 s) the whole machine has spent busy so far (Linux /proc/stat): the engine plus PostgreSQL. */
function machineBusyTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).map(Number);
  return f[1] + f[2] + f[3] + f[6] + f[7];
}
const stats = new Map<string, { n: number; ms: number }>();
const query = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (sql: any, ...rest: any[]) {
  const text = typeof sql === 'string' ? sql : sql?.text;
  const key = String(text).replace(/\s+/g, ' ').slice(0, 110);
  const t0 = performance.now();
  const p = query.call(this, sql, ...rest);
  if (p && typeof p.then === 'function')
    p.then(() => {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      stats.set(key, s);
    }, () => undefined);
  return p;
};

const d = await createDatabase('profile');
try {
  const { renewAt } = await seedBilling(d.url, N, Date.UTC(2025, 11, 1) / 1000);
  stats.clear();
  const db = PgDb.connect(d.url, 2);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const busy0 = machineBusyTicks();
  const done = await runDue(composeRecur({ db, clock: systemClock, gateway: createTestCardProcessor({ ledger: memoryLedger() }) }).engine, { testClock: null, until: renewAt + 7200 });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const busy = machineBusyTicks() - busy0;
  await db.close();
  const total = [...stats.values()].reduce((a, s) => ({ n: a.n + s.n, ms: a.ms + s.ms }), { n: 0, ms: 0 });
  console.log(`${done} due items for ${N} renewals in ${(ms / 1000).toFixed(2)}s: ${(N / (ms / 1000)).toFixed(0)} renewals/s`);
  console.log(`CPU per renewal: engine ${((cpu.user + cpu.system) / 1000 / N).toFixed(2)} ms, whole machine ${((busy * 10) / N).toFixed(2)} ms (PostgreSQL about the difference, on a quiet machine)`);
  console.log(`${(total.n / N).toFixed(1)} queries per renewal; ${((100 * total.ms) / ms).toFixed(0)}% of the time waiting on queries`);
  for (const [k, s] of [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30))
    console.log(`${(s.n / N).toFixed(2).padStart(6)}/renewal ${(s.ms / N).toFixed(3).padStart(7)} ms/renewal  ${k}`);
} finally {
  await d.drop();
}
