// `npm run bench:webhooks`: BENCH_N events (default 100,000) delivered by Recur's engine to a local
// receiver (node:http in this process), then the lag from event to delivery with events recorded
// at BENCH_RATE per second (default 2,000) for BENCH_LAG_SECONDS (default 10). Baseline, in the
// same run: the same number of plain signed POSTs from one process with the same concurrency.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './billing-db.ts';
import { PgDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { systemClock } from '../src/core/clock.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { createWebhookEndpoint } from '../src/services/webhooks/webhook-endpoints.ts';
import { benchEvent } from './webhooks-events.ts';

const N = Number(process.env.BENCH_N ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 10);
const WORKER = fileURLToPath(new URL('./webhooks-worker.ts', import.meta.url));
const nowMs = () => performance.timeOrigin + performance.now();
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The receiver: counts distinct events and the lag of those that carry their send time.
const seen = new Set<string>();
let lags: number[] = [];
let lastAt = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const at = nowMs();
    seen.add(event.id);
    lastAt = at;
    const sent = event.data.object.bench_sent_ms;
    if (sent) lags.push(at - sent);
    res.writeHead(200).end('ok');
  });
});
server.keepAliveTimeout = 60_000;
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;

async function waitFor(count: number): Promise<void> {
  while (seen.size < count) await sleep(5);
}

function run(mode: string, env: Record<string, string>): { child: ChildProcess; out: Promise<string>; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, MODE: mode, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let ready: () => void;
  const isReady = new Promise<void>((ok) => (ready = ok));
  child.stdout!.setEncoding('utf8').on('data', (c: string) => {
    out += c;
    if (out.includes('ready')) ready();
  });
  return { child, out: new Promise((ok) => child.on('exit', () => ok(out))), ready: isReady };
}

// Baseline: plain signed POSTs from one process.
const base = run('baseline', { BENCH_N: String(N), URL: url });
const baseline = JSON.parse((await base.out).trim().split('\n').pop()!).seconds as number;
seen.clear();

const database = await createDatabase('webhooks');
const db = PgDb.connect(database.url, 4);
try {
  await migrate(db);
  const recur = composeRecur({ db, clock: systemClock, webhooks: { allowPrivateAddresses: true } });
  await createWebhookEndpoint(recur.context, { url, enabled_events: ['*'] });

  const insert = async (from: number, count: number, sentMs: number) => {
    const rows: unknown[] = [];
    for (let i = from; i < from + count; i++) {
      const e = benchEvent(`evt_bench${i}`, `cus_bench${i}`, sentMs);
      rows.push(e.id, e.type, e.created, e.data.object.id, e.data.object.id, JSON.stringify(e));
    }
    await db.query(
      `INSERT INTO events (id, type, created, customer_id, object_id, data) VALUES ${Array.from({ length: count }, (_, k) => `($${k * 6 + 1}, $${k * 6 + 2}, $${k * 6 + 3}, $${k * 6 + 4}, $${k * 6 + 5}, $${k * 6 + 6})`).join(', ')}`,
      rows,
    );
  };
  // 1. Throughput: N events waiting, then the engine delivers them.
  for (let at = 0; at < N; at += 1000) await insert(at, Math.min(1000, N - at), 0);
  const engine = run('recur', { DATABASE_URL: database.url });
  await engine.ready; // timed from the loop's start, not from loading the code
  const t0 = nowMs();
  await waitFor(N);
  const seconds = (lastAt - t0) / 1000;

  // 2. Lag: events recorded at RATE per second (every 50 ms a multi-row insert), delivered as they come.
  lags = [];
  const lagStart = nowMs();
  let produced = 0;
  for (let tick = 1; produced < RATE * LAG_SECONDS; tick++) {
    const due = Math.min(Math.round((RATE * (nowMs() - lagStart)) / 1000), RATE * LAG_SECONDS);
    if (due > produced) {
      await insert(N + produced, due - produced, nowMs());
      produced = due;
    }
    await sleep(Math.max(0, lagStart + tick * 50 - nowMs()));
  }
  await waitFor(N + produced);
  engine.child.kill('SIGKILL');
  lags.sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))];
  const rate = N / seconds;
  const baseRate = N / baseline;
  console.log(`webhook deliveries, N=${fmt(N)} (one engine process, ${fmt(N)} events waiting):`);
  console.log(`  Recur:    ${fmt(rate)} deliveries/s (${seconds.toFixed(1)} s)`);
  console.log(`  baseline: ${fmt(baseRate)} plain signed POSTs/s from one process (${baseline.toFixed(1)} s)`);
  console.log(`  ratio:    ${((100 * rate) / baseRate).toFixed(0)}% of baseline (target ≥ 50%); target ≥ 2,000/s: ${rate >= 2000 ? 'met' : 'not met'}`);
  console.log(`lag from event to delivery at ${fmt(RATE)} events/s for ${LAG_SECONDS} s (${fmt(lags.length)} events): p50 ${fmt(pct(50))} ms, p99 ${fmt(pct(99))} ms (target p99 < 1 s: ${pct(99) < 1000 ? 'met' : 'not met'})`);
} finally {
  await db.close();
  await database.drop();
  server.close();
  server.closeAllConnections();
}
process.exit(0);
