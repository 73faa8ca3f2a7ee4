// `npm run bench:usage`: usage ingestion on PostgreSQL through the official SDK's v2
// meterEventStream, from a separate client process, into a separate Recur API process.
// USAGE_EVENTS events (default 1,000,000; the full run is 10,000,000) over 10,000 customers
// and 3 meters, about 5% duplicate identifiers. Prints sustained events/s acknowledged (durable),
// the time until the server's background fold has counted every acknowledged event (de-duplicated
// and aggregated) and that rate, p50/p99 batch latency, CPU per event in each process, the server's
// peak RSS, whether the totals are exact, the time to compute one customer's quantity
// over a period holding AGG_EVENTS (default 1,000,000) events, and, as a baseline measured in the
// same run, a PostgreSQL COPY (psql \copy) of the same rows into a plain table, with the ratio (by
// wall time, and by CPU, which the machine's other work does not stretch).
// Targets (issue 9): ≥ 50,000 events/s and ≥ 30% of COPY; aggregation < 50 ms.
import { fork, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { createBenchDatabase } from './bench-db.ts';
import { PgDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { systemClock, monotonicMs } from '../src/core/clock.ts';
import { createMeter } from '../src/services/meters/create-meter.ts';
import { PgUsageStore } from '../src/store/usage/pg-usage-store.ts';
import { usageOver } from '../src/services/subscriptions/subscription-lines.ts';
import { benchEvents, CUSTOMERS, customerId, METERS } from './usage-events.ts';

/** User + system CPU seconds in a /proc/<pid>/stat line. */
function cpuOfStat(stat: string): number {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** User + system CPU seconds of a process (Linux /proc). */
function cpuSeconds(pid: number): number {
  try {
    return cpuOfStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return 0;
  }
}

/** CPU seconds of the PostgreSQL backends serving this database (their command line names it). */
function backendCpu(url: string): number {
  const name = url.slice(url.lastIndexOf('/') + 1);
  let total = 0;
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(name)) total += cpuSeconds(Number(p));
    } catch {}
  }
  return total;
}

const N = Number(process.env.USAGE_EVENTS ?? 1_000_000);
const AGG_EVENTS = Number(process.env.AGG_EVENTS ?? 1_000_000);
const KEY = 'sk_test_bench_usage_000000000000000';
const DIR = import.meta.dirname;

const { url, drop } = await createBenchDatabase('usage');
const db = PgDb.connect(url, 4);
const tmp = mkdtempSync(join(tmpdir(), 'recur-usage-'));
try {
  await migrate(db);
  const ctx = composeRecur({ db, clock: systemClock }).context;
  const meters = new Map<string, string>();
  for (const name of METERS)
    meters.set(name, (await createMeter(ctx, { display_name: name, event_name: name, default_aggregation: { formula: 'sum' } })).id);
  const now = systemClock.now();
  await db.query(
    `INSERT INTO customers (id, created, data)
     SELECT id, $2::bigint, jsonb_build_object('id', id, 'object', 'customer', 'created', $2::bigint, 'livemode', false, 'metadata', '{}'::jsonb, 'test_clock', null)
       FROM unnest($1::text[]) AS id`,
    [Array.from({ length: CUSTOMERS + 1 }, (_, i) => customerId(i)), now],
  );
  await db.query('VACUUM ANALYZE');

  // 1. The stream: server and client in their own processes (SERVER_ARGS adds node flags to the
  // server, e.g. '--cpu-prof --cpu-prof-dir=/tmp/prof' to profile it).
  const server = fork(join(DIR, 'usage-server.ts'), [], { execArgv: ['--import', 'tsx', ...(process.env.SERVER_ARGS ? process.env.SERVER_ARGS.split(' ') : [])], env: { ...process.env, DATABASE_URL: url, RECUR_API_KEY: KEY } });
  const [{ port }] = (await once(server, 'message')) as [{ port: number }];
  const client = spawn(process.execPath, ['--import', 'tsx', join(DIR, 'usage-client.ts')], {
    env: { ...process.env, PORT: String(port), RECUR_API_KEY: KEY, EVENTS: String(N), START: String(now) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'));
    if (m) peakRss = Math.max(peakRss, Number(m[1]) / 1024);
  }, 500);
  const cpuBefore = { server: cpuSeconds(server.pid!), backends: backendCpu(url) };
  let out = '';
  client.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const [code] = await once(client, 'exit');
  const acked = monotonicMs();
  if (code !== 0) throw new Error(`client exited with ${code}`);
  const run = JSON.parse(out.trim().split('\n').pop()!) as { sent: number; seconds: number; latencies: number[]; cpu: number };
  // CPU used, which other work on the machine does not stretch: the server, its PostgreSQL backends, the client.
  const cpu = { server: cpuSeconds(server.pid!) - cpuBefore.server, backends: backendCpu(url) - cpuBefore.backends, client: run.cpu };
  // The server folds in the background: wait until nothing acknowledged is left waiting.
  while (Number((await db.query('SELECT count(*) AS n FROM meter_event_batches'))[0].n) > 0) await new Promise((ok) => setTimeout(ok, 50));
  const drainSeconds = (monotonicMs() - acked) / 1000;
  const foldCpu = { server: cpuSeconds(server.pid!) - cpuBefore.server, backends: backendCpu(url) - cpuBefore.backends };
  clearInterval(sampler);
  server.disconnect();
  const lat = run.latencies.sort((a, b) => a - b);
  const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
  const eventsPerSecond = run.sent / run.seconds;
  // From the first event sent until every acknowledged one is counted (the client's exit, a few ms, included).
  const foldedSeconds = run.seconds + drainSeconds;

  // Exact totals: what the unique events add up to, per meter, against the aggregates.
  const expected = new Map<string, number>();
  let unique = 0;
  for (const e of benchEvents(N, now))
    if (!e.duplicate) {
      unique++;
      expected.set(e.event_name, (expected.get(e.event_name) ?? 0) + e.value);
    }
  const rows = await db.query('SELECT meter_id, sum(value_sum)::bigint AS s, sum(event_count)::bigint AS c FROM meter_event_segments GROUP BY meter_id');
  const got = new Map(rows.map((r) => [r.meter_id as string, { sum: Number(r.s), count: Number(r.c) }]));
  const exact =
    METERS.every((m) => got.get(meters.get(m)!)?.sum === expected.get(m)) && [...got.values()].reduce((a, g) => a + g.count, 0) === unique;

  // 2. Baseline: COPY of the same rows into a plain table (psql \copy, the client-side COPY FROM STDIN).
  const csv = join(tmp, 'events.csv');
  const w = createWriteStream(csv);
  for (const e of benchEvents(N, now)) {
    if (!w.write(`${e.timestamp},${meters.get(e.event_name)},${e.customer},${e.identifier},${e.value},${now}\n`)) await once(w, 'drain');
  }
  w.end();
  await once(w, 'finish');
  await db.query('CREATE TABLE copy_baseline (event_time bigint NOT NULL, meter_id text NOT NULL, customer_id text NOT NULL, identifier text NOT NULL, value bigint NOT NULL, created bigint NOT NULL)');
  const c0 = monotonicMs();
  // bash's `time` gives psql's own CPU (user and system seconds, the last line of stderr); psql
  // itself prints its backend's /proc stat before disconnecting (a finished backend leaves none).
  const script = `\\copy copy_baseline FROM '${csv}' CSV\nSELECT pg_backend_pid() AS pid \\gset\n\\setenv BACKEND_PID :pid\n\\! cat /proc/$BACKEND_PID/stat\n`;
  const copied = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; time psql "$0" -X -q -v ON_ERROR_STOP=1 -f -', url], { input: script, encoding: 'utf8' });
  const copySeconds = (monotonicMs() - c0) / 1000;
  if (copied.status !== 0) throw new Error(`psql \\copy failed: ${copied.stderr}`);
  const copyPerSecond = N / copySeconds;
  const [psqlUser, psqlSystem] = copied.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const copyCpu = { backend: cpuOfStat(copied.stdout), psql: psqlUser + psqlSystem };

  // 3. Aggregation: one customer's quantity over a period holding AGG_EVENTS events (30 days).
  const store = new PgUsageStore();
  const heavy = customerId(CUSTOMERS);
  const meter = meters.get(METERS[0])!;
  const periodStart = now - 30 * 86400 + 1234;
  for (let i = 0; i < AGG_EVENTS; i += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, AGG_EVENTS - i) }, (_, k) => ({
      identifier: `heavy-${i + k}`,
      meterId: meter,
      customerId: heavy,
      timestamp: periodStart + Math.floor(((i + k) / AGG_EVENTS) * (30 * 86400 - 1300)),
      value: 1,
    }));
    await db.transaction((tx) => store.ingest(tx, batch, now));
  }
  while ((await store.fold(db)).batches > 0);
  await db.query('VACUUM ANALYZE');
  const times: number[] = [];
  let quantity = 0;
  for (let i = 0; i < 21; i++) {
    const t = monotonicMs();
    quantity = (await usageOver(store, db, [{ id: 'si', meter, customer: heavy, start: periodStart, end: now }])).get('si')!;
    times.push(monotonicMs() - t);
  }
  times.sort((a, b) => a - b);

  const f = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`usage ingestion through the SDK's v2 meterEventStream (PostgreSQL, separate client and server processes)`);
  console.log(`  events sent              ${f(run.sent)} (${f(unique)} unique; ${f(run.sent - unique)} duplicates), batches of 10,000, 4 in flight`);
  console.log(`  sustained                ${f(eventsPerSecond)} events/s acknowledged and durable (${run.seconds.toFixed(1)} s)`);
  console.log(`  all counted              ${foldedSeconds.toFixed(1)} s after the first event (${drainSeconds.toFixed(1)} s after the last acknowledgement): ${f(run.sent / foldedSeconds)} events/s folded (de-duplicated and aggregated)`);
  console.log(`  batch latency            p50 ${f(pct(50))} ms, p99 ${f(pct(99))} ms`);
  console.log(`  CPU per 1,000 events     ${((cpu.server / run.sent) * 1e6).toFixed(0)} ms server, ${((cpu.backends / run.sent) * 1e6).toFixed(0)} ms PostgreSQL backends, ${((cpu.client / run.sent) * 1e6).toFixed(0)} ms client while acknowledging; ${((foldCpu.server / run.sent) * 1e6).toFixed(0)} ms server, ${((foldCpu.backends / run.sent) * 1e6).toFixed(0)} ms backends until all counted`);
  console.log(`  server peak RSS          ${f(peakRss)} MB`);
  console.log(`  totals exact             ${exact ? 'yes' : 'NO'} (per-meter sums and the count of unique events)`);
  console.log(`  COPY baseline            ${f(copyPerSecond)} rows/s (${copySeconds.toFixed(1)} s, psql \\copy into a plain table)`);
  console.log(`  ratio to COPY            ${((eventsPerSecond / copyPerSecond) * 100).toFixed(1)}% acknowledged, ${((run.sent / foldedSeconds / copyPerSecond) * 100).toFixed(1)}% counted`);
  // The same comparison in CPU, which the machine's other work does not stretch: COPY's CPU per row
  // (its backend and psql) over Recur's per event (server, backends and client; to acknowledgement, then until all counted).
  const perK = (seconds: number, n: number) => (seconds / n) * 1e6;
  const copyPerK = perK(copyCpu.backend + copyCpu.psql, N);
  const ackPerK = perK(cpu.server + cpu.backends + cpu.client, run.sent);
  const countedPerK = perK(foldCpu.server + foldCpu.backends + cpu.client, run.sent);
  console.log(`  CPU per 1,000 rows, COPY ${perK(copyCpu.backend, N).toFixed(1)} ms backend + ${perK(copyCpu.psql, N).toFixed(1)} ms psql; ratio by CPU ${((copyPerK / ackPerK) * 100).toFixed(1)}% acknowledged, ${((copyPerK / countedPerK) * 100).toFixed(1)}% counted`);
  console.log(`  aggregation              ${times[10].toFixed(2)} ms median, ${times[20].toFixed(2)} ms max of 21 (quantity ${f(quantity)} over a 30-day period of ${f(AGG_EVENTS)} events)`);
  console.log(`  targets                  ≥ 50,000 events/s: ${eventsPerSecond >= 50_000 ? 'met' : 'not met'}; ≥ 30% of COPY: ${eventsPerSecond / copyPerSecond >= 0.3 ? 'met' : 'not met'}; aggregation < 50 ms: ${times[10] < 50 ? 'met' : 'not met'}`);
} finally {
  await db.close();
  await drop();
  rmSync(tmp, { recursive: true, force: true });
}
