// `npm run bench:billing`: N subscriptions (BENCH_N, default 100,000) of flat, per-seat, tiered
// and metered prices, some with coupons and tax rates, all due for renewal at one instant; the
// engine renews them (invoice created, finalized an hour later, charged and paid) with one and
// with two worker processes. Prints renewals per second, peak memory per worker, and the rate of
// a plain multi-row INSERT of the same rows (invoices, lines, payment rows, events) as baseline.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createDatabase, type BenchDatabase } from './billing-db.ts';
import { seedBilling } from './billing-seed.ts';
import { PgDb } from '../src/store/db.ts';
import { FINALIZE_AFTER_SECONDS } from '../src/services/subscriptions/renew-subscription.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const CREATED = Date.UTC(2025, 11, 1) / 1000; // 2025-12-01: renewals are due 2026-01-01
const WORKER = fileURLToPath(new URL('./billing-worker.ts', import.meta.url));
/** The rows a renewal writes, each table's new rows found by seq. */
const OUTPUT_TABLES = ['invoices', 'invoice_lines', 'invoice_payments', 'payment_intents', 'charges', 'events'];

/**
 * How an engine worker runs: glibc returning large freed buffers (query texts, results) to the
 * system at once, and V8's heap left to its own sizing. Measured 2026-12-01: a worker's peak RSS
 * stays within 268–333 MB from N=5,000 to N=100,000. Capping the old generation
 * (BENCH_WORKER_FLAGS='--max-old-space-size=192') holds it near 190 MB but costs about half again
 * the engine's CPU per renewal (V8 collects far more often), so it is not the default.
 */
const WORKER_FLAGS = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);
const WORKER_MALLOC = { MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '65536', MALLOC_ARENA_MAX: '2' };

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

interface WorkerResult {
  finished: number;
  peakRss: number;
  samples: number[];
}

async function runEngine(url: string, workers: number, until: number): Promise<{ seconds: number; results: WorkerResult[] }> {
  const children = Array.from({ length: workers }, () =>
    spawn(process.execPath, [...WORKER_FLAGS, '--import', 'tsx', WORKER], {
      env: { ...WORKER_MALLOC, ...process.env, DATABASE_URL: url, UNTIL: String(until) },
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const ready: Promise<void>[] = [];
  const results = children.map((child, k) => {
    let buf = '';
    let resolveReady: () => void;
    ready.push(new Promise((ok) => (resolveReady = ok)));
    return new Promise<WorkerResult>((resolve, reject) => {
      let result: WorkerResult | null = null;
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const msg = JSON.parse(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (msg.ready) resolveReady();
          else if (msg.finished !== undefined) result = msg;
          else if (process.env.BENCH_VERBOSE) console.log(`  worker ${k + 1}: ${fmt(msg.done)} items, rss ${mb(msg.rss)}`);
        }
      });
      child.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`worker ${k + 1} exited with ${code}`))));
    });
  });
  await Promise.all(ready);
  const t0 = performance.now();
  for (const c of children) c.stdin!.write('go\n');
  const done = await Promise.all(results);
  return { seconds: (performance.now() - t0) / 1000, results: done };
}

/** Every subscription renewed once, its invoice paid with one charge, nothing left due. */
async function verify(db: PgDb, until: number): Promise<void> {
  const [v] = await db.query(
    `SELECT
       (SELECT count(*)::int FROM invoices WHERE billing_reason_cycle AND status = 'paid') AS paid,
       (SELECT count(*)::int FROM invoices WHERE billing_reason_cycle) AS cycle,
       (SELECT count(*)::int FROM (SELECT 1 FROM invoices WHERE billing_period_key IS NOT NULL
          GROUP BY subscription_id, billing_period_key HAVING count(*) > 1) d) AS dup,
       (SELECT count(*)::int FROM subscriptions WHERE next_action_at <= $1) AS subs_due,
       (SELECT count(*)::int FROM invoices WHERE next_action_at <= $1) AS invoices_due,
       (SELECT count(*)::int FROM charges) AS charges,
       (SELECT count(*)::int FROM invoices) AS invoices`.replace(/billing_reason_cycle/g, `data->>'billing_reason' = 'subscription_cycle'`),
    [until],
  );
  if (v.paid !== N || v.cycle !== N || v.dup || v.subs_due || v.invoices_due || v.charges !== v.invoices)
    throw new Error(`engine run is wrong: ${JSON.stringify(v)}`);
}

/** Max seq of each output table before the engine runs. */
async function seqMarks(db: PgDb): Promise<Record<string, number>> {
  const marks: Record<string, number> = {};
  for (const t of OUTPUT_TABLES) marks[t] = Number((await db.query(`SELECT COALESCE(max(seq), 0) AS m FROM ${t}`))[0].m);
  return marks;
}

/**
 * The baseline: the rows the engine wrote, re-inserted with plain multi-row INSERTs (1,000 rows a
 * statement, one connection, autocommit) into empty copies of their tables. Only inserts are timed.
 */
async function plainInsertSeconds(db: PgDb, marks: Record<string, number>): Promise<{ seconds: number; rows: number }> {
  let ms = 0;
  let rows = 0;
  for (const t of OUTPUT_TABLES) {
    await db.query(`CREATE TABLE bench_${t} (LIKE ${t} INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING INDEXES INCLUDING COMPRESSION)`);
    const cols = (
      await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'seq' AND is_generated = 'NEVER' ORDER BY ordinal_position`, [t])
    ).map((r) => r.column_name as string);
    const jsonCols = new Set(
      (await db.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND data_type IN ('json', 'jsonb')`, [t])).map((r) => r.column_name),
    );
    let after = marks[t];
    for (;;) {
      const page = await db.query(`SELECT seq, ${cols.join(', ')} FROM ${t} WHERE seq > $1 ORDER BY seq LIMIT 1000`, [after]);
      if (!page.length) break;
      after = page[page.length - 1].seq;
      const values = page.flatMap((r) => cols.map((c) => (jsonCols.has(c) ? JSON.stringify(r[c]) : r[c])));
      const tuples = page.map((_, i) => `(${cols.map((_, j) => `$${i * cols.length + j + 1}`).join(', ')})`);
      const t0 = performance.now();
      await db.query(`INSERT INTO bench_${t} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, values);
      ms += performance.now() - t0;
      rows += page.length;
    }
  }
  return { seconds: ms / 1000, rows };
}

async function main() {
  const dbs: BenchDatabase[] = [];
  try {
    console.log(`bench:billing — ${fmt(N)} subscriptions due at one instant; engine batch ${process.env.ENGINE_BATCH ?? 'default'}`);
    const seedDb = await createDatabase('seed');
    dbs.push(seedDb);
    let t0 = performance.now();
    const { renewAt } = await seedBilling(seedDb.url, N, CREATED);
    console.log(`seeded ${fmt(N)} subscriptions in ${((performance.now() - t0) / 1000).toFixed(1)}s (8 templates through the API, cloned in SQL)`);
    const until = renewAt + FINALIZE_AFTER_SECONDS + 3600;

    const lines: string[] = [];
    let baseline: { seconds: number; rows: number } | null = null;
    const rates: Record<number, number> = {};
    for (const workers of WORKER_COUNTS) {
      const run = await createDatabase(`run${workers}`, seedDb.name);
      dbs.push(run);
      const db = PgDb.connect(run.url, 2);
      const marks = await seqMarks(db);
      const r = await runEngine(run.url, workers, until);
      await verify(db, until);
      rates[workers] = N / r.seconds;
      const split = r.results.map((w) => fmt(w.finished)).join(' + ');
      const peaks = r.results.map((w) => mb(w.peakRss)).join(', ');
      const quart = r.results
        .map((w) => [0.25, 0.5, 0.75, 1].map((q) => mb(w.samples[Math.max(0, Math.ceil(q * w.samples.length) - 1)] ?? 0)).join(' → '))
        .join(' | ');
      lines.push(
        `${workers} worker${workers > 1 ? 's' : ' '}: ${fmt(rates[workers])} renewals/s (${r.seconds.toFixed(1)}s; due items ${split}); peak RSS ${peaks}; RSS over the run ${quart}`,
      );
      console.log(lines[lines.length - 1]);
      if (!baseline) {
        baseline = await plainInsertSeconds(db, marks);
        console.log(
          `baseline: plain multi-row INSERT of the same ${fmt(baseline.rows)} rows (${(baseline.rows / N).toFixed(1)} per renewal) in ${baseline.seconds.toFixed(1)}s = ${fmt(N / baseline.seconds)} renewals/s`,
        );
      }
      await db.close();
      await run.drop();
      dbs.pop();
    }
    const base = N / baseline!.seconds;
    console.log('');
    console.log(`N = ${fmt(N)}; baseline (plain INSERT) ${fmt(base)} renewals/s`);
    for (const w of WORKER_COUNTS) console.log(`  ${w} worker(s): ${fmt(rates[w])} renewals/s = ${((100 * rates[w]) / base).toFixed(0)}% of plain INSERT`);
  } finally {
    for (const d of dbs.reverse()) await d.drop().catch(() => undefined);
  }
}

await main();
