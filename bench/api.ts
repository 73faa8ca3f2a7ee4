// `npm run bench:api`: Recur's API on PostgreSQL against a bare Fastify + pg baseline, both in child
// processes, driven by autocannon from this process. Prints req/s, p50 and p99 and the ratio to the
// baseline for reads (GET /v1/customers/:id) and writes (POST /v1/customers, SDK headers, a new
// Idempotency-Key on every request as the stripe SDK sends). For writes it also measures the floor:
// the bare server writing the rows Recur writes, in its round trips. Each server runs BENCH_ROUNDS
// (default 3) rounds in turn; medians are printed. BENCH_DURATION=seconds per round.
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { STRIPE_API_VERSION } from '../src/core/api-version.ts';
import { createBenchDatabase } from './bench-db.ts';

const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const API_KEY = 'sk_test_bench_0000000000000000000000';
/** Issue 6's targets: share of the baseline's req/s, and p99 at most 1.5× the baseline's. */
const TARGET_RATIO = { GET: 0.8, POST: 0.6 } as const;
const TARGET_P99_FACTOR = 1.5;

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
  customerId: string;
  drop(): Promise<void>;
}

async function start(name: string, file: string, env: Record<string, string> = {}): Promise<Server> {
  const database = await createBenchDatabase(name);
  const child = fork(join(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, DATABASE_URL: database.url, RECUR_API_KEY: API_KEY },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; customerId: string }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number; customerId: string }));
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
  return { name, child, ...ready, drop: database.drop };
}

async function stop(s: Server): Promise<void> {
  const exited = new Promise((done) => s.child.once('exit', done));
  s.child.disconnect();
  await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
  if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await s.drop();
}

const sdkHeaders = {
  authorization: `Bearer ${API_KEY}`,
  'stripe-version': STRIPE_API_VERSION,
  'user-agent': 'Stripe/v1 NodeBindings/23.1.0',
  accept: 'application/json',
};

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(s: Server, kind: 'GET' | 'POST', seconds: number): Promise<Figures> {
  let n = 0;
  const prefix = `stripe-node-retry-${randomBytes(6).toString('hex')}`;
  const result = await autocannon({
    url: `http://127.0.0.1:${s.port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      kind === 'GET'
        ? { method: 'GET', path: `/v1/customers/${s.customerId}`, headers: sdkHeaders }
        : {
            method: 'POST',
            path: '/v1/customers',
            headers: { ...sdkHeaders, 'content-type': 'application/x-www-form-urlencoded' },
            setupRequest: (req: any) => {
              const i = n++;
              req.headers = { ...req.headers, 'idempotency-key': `${prefix}-${i}` };
              req.body = `email=bench${i}%40example.com&name=Bench%20${i}&metadata[plan]=pro&metadata[seq]=${i}`;
              return req;
            },
          },
    ],
  });
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts, non2xx: result.non2xx };
}

/** The median round by req/s, its p50 and p99 the median rounds' own; errors summed. */
function medianOf(runs: Figures[]): Figures {
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    rps: mid(runs.map((x) => x.rps)),
    p50: mid(runs.map((x) => x.p50)),
    p99: mid(runs.map((x) => x.p99)),
    errors: runs.reduce((a, x) => a + x.errors, 0),
    non2xx: runs.reduce((a, x) => a + x.non2xx, 0),
  };
}

const fmt = (f: Figures) =>
  `${f.rps.toFixed(0).padStart(7)} req/s   p50 ${String(f.p50).padStart(3)} ms   p99 ${String(f.p99).padStart(3)} ms${f.errors || f.non2xx ? `   (${f.errors} errors, ${f.non2xx} non-2xx)` : ''}`;

async function main(): Promise<void> {
  console.log(`bench:api — ${CONNECTIONS} connections, ${DURATION} s per scenario, servers in child processes, load from this one`);
  const recur = await start('recur', 'recur-server.ts');
  const baseline = await start('baseline', 'baseline-server.ts');
  // The floor under Recur's POST: the same bare server writing the rows Recur writes (see baseline-server.ts).
  const floor = await start('floor', 'baseline-server.ts', { BASELINE_WRITES: 'recur' });
  let failed = false;
  try {
    for (const kind of ['GET', 'POST'] as const) {
      const label = kind === 'GET' ? 'GET  /v1/customers/:id' : 'POST /v1/customers';
      const servers = kind === 'POST' ? [baseline, recur, floor] : [baseline, recur];
      const warm = Math.max(1, Math.min(2, DURATION / 5));
      for (const s of servers) await load(s, kind, warm);
      // Rounds taken in turn, so that a machine whose speed drifts weighs on every server alike.
      const runs = servers.map(() => [] as Figures[]);
      for (let round = 0; round < ROUNDS; round++) for (const [i, s] of servers.entries()) runs[i].push(await load(s, kind, DURATION));
      const [b, r, f] = runs.map(medianOf) as [Figures, Figures, Figures | undefined];
      const ratio = r.rps / b.rps;
      const p99Factor = r.p99 / Math.max(b.p99, 1);
      const ok = ratio >= TARGET_RATIO[kind] && p99Factor <= TARGET_P99_FACTOR && !r.errors && !r.non2xx;
      failed ||= !ok;
      console.log(`\n${label}   (median of ${ROUNDS} rounds of ${DURATION} s; req/s by round: ${runs.map((x, i) => `${servers[i].name} ${x.map((y) => y.rps.toFixed(0)).join('/')}`).join(', ')})`);
      console.log(`  baseline  ${fmt(b)}`);
      console.log(`  recur     ${fmt(r)}`);
      console.log(
        `  ratio     ${(ratio * 100).toFixed(0)}% of baseline req/s, p99 ${p99Factor.toFixed(2)}× baseline   ${ok ? 'meets' : 'MISSES'} target (≥ ${TARGET_RATIO[kind] * 100}%, p99 ≤ ${TARGET_P99_FACTOR}×)`,
      );
      if (f) {
        console.log(`  floor     ${fmt(f)}   (Recur's rows and round trips from the bare server, no service code)`);
        console.log(`            ${((f.rps / b.rps) * 100).toFixed(0)}% of baseline req/s, p99 ${(f.p99 / Math.max(b.p99, 1)).toFixed(2)}×; Recur reaches ${((r.rps / f.rps) * 100).toFixed(0)}% of the floor`);
      }
    }
  } finally {
    await stop(recur);
    await stop(baseline);
    await stop(floor);
  }
  if (failed) process.exitCode = 1;
}

await main();
