// `npx tsx bench/api-cost.ts`: CPU spent per request, server and PostgreSQL, for Recur and the
// baseline — a figure a busy machine does not blur the way req/s is blurred. Each server gets a fixed
// number of requests (BENCH_REQUESTS, default 4000) at moderate concurrency; the CPU time of its
// process and of the PostgreSQL backends serving its database is read from /proc before and after.
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createBenchDatabase } from './bench-db.ts';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const API_KEY = 'sk_test_bench_0000000000000000000000';
const TICKS_PER_MS = 100 / 1000; // USER_HZ is 100 on Linux

const cpuTicks = (pid: number): number => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
};

async function backendPids(url: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const rows = (await c.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows;
  await c.end();
  return rows.map((r) => r.pid as number);
}

async function measure(name: string, file: string, kind: 'GET' | 'POST') {
  const database = await createBenchDatabase(`cost_${name}`);
  const child: ChildProcess = fork(join(import.meta.dirname, file), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DATABASE_URL: database.url, RECUR_API_KEY: API_KEY },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; customerId: string }>((done) => child.once('message', (m) => done(m as any)));
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  const run = (amount: number) =>
    autocannon({
      url: `http://127.0.0.1:${ready.port}`,
      connections: 10,
      amount,
      requests: [
        kind === 'GET'
          ? { method: 'GET', path: `/v1/customers/${ready.customerId}`, headers: { authorization: `Bearer ${API_KEY}` } }
          : {
              method: 'POST',
              path: '/v1/customers',
              headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' },
              setupRequest: (req: any) => {
                const i = n++;
                if (!process.env.BENCH_NO_KEY) req.headers = { ...req.headers, 'idempotency-key': `${prefix}-${i}` };
                req.body = `email=bench${i}%40example.com&name=Bench%20${i}&metadata[plan]=pro&metadata[seq]=${i}`;
                return req;
              },
            },
      ],
    });
  await run(500); // warm up: JIT, pool connections, prepared statements
  const pids = await backendPids(database.url);
  const before = { node: cpuTicks(child.pid!), pg: pids.reduce((a, p) => a + cpuTicks(p), 0) };
  const r = await run(REQUESTS);
  const after = { node: cpuTicks(child.pid!), pg: pids.reduce((a, p) => a + cpuTicks(p), 0) };
  const exited = new Promise((done) => child.once('exit', done));
  child.disconnect();
  await exited;
  await database.drop();
  const perRequest = (ticks: number) => (ticks / TICKS_PER_MS / REQUESTS) * 1000; // µs
  return { node: perRequest(after.node - before.node), pg: perRequest(after.pg - before.pg), non2xx: r.non2xx };
}

for (const kind of ['GET', 'POST'] as const) {
  const b = await measure('baseline', 'baseline-server.ts', kind);
  const r = await measure('recur', 'recur-server.ts', kind);
  const fmt = (x: typeof b) => `server ${x.node.toFixed(0).padStart(5)} µs  postgres ${x.pg.toFixed(0).padStart(5)} µs  total ${(x.node + x.pg).toFixed(0).padStart(5)} µs${x.non2xx ? `  (${x.non2xx} non-2xx)` : ''}`;
  console.log(`${kind} /v1/customers — CPU per request`);
  console.log(`  baseline  ${fmt(b)}`);
  console.log(`  recur     ${fmt(r)}   (${((b.node + b.pg) / (r.node + r.pg) * 100).toFixed(0)}% of the baseline's efficiency)`);
}
