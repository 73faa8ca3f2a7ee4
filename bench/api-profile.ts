// `npx tsx bench/api-profile.ts [GET|POST]`: Recur's API server under the bench:api load, run with
// --cpu-prof, then the functions with the most self time. The profile (.cpuprofile) stays in
// BENCH_PROFILE_DIR (default ./.bench-profile) for a closer look in Chrome DevTools.
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBenchDatabase } from './bench-db.ts';

const KIND = (process.argv[2] ?? 'POST').toUpperCase();
const DIR = resolve(process.env.BENCH_PROFILE_DIR ?? '.bench-profile');
const API_KEY = 'sk_test_bench_0000000000000000000000';
const headers = { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/x-www-form-urlencoded' };

rmSync(DIR, { recursive: true, force: true });
const database = await createBenchDatabase('profile');
const child = fork(join(import.meta.dirname, 'recur-server.ts'), [], {
  execArgv: ['--import', 'tsx', '--cpu-prof', `--cpu-prof-dir=${DIR}`],
  env: { ...process.env, DATABASE_URL: database.url, RECUR_API_KEY: API_KEY },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const ready = await new Promise<{ port: number; customerId: string }>((done) => child.once('message', (m) => done(m as any)));
let n = 0;
const result = await autocannon({
  url: `http://127.0.0.1:${ready.port}`,
  connections: 50,
  duration: Number(process.env.BENCH_DURATION ?? 8),
  requests: [
    KIND === 'GET'
      ? { method: 'GET', path: `/v1/customers/${ready.customerId}`, headers }
      : {
          method: 'POST',
          path: '/v1/customers',
          headers,
          setupRequest: (req: any) => {
            const i = n++;
            req.headers = { ...req.headers, 'idempotency-key': `profile-${i}` };
            req.body = `email=bench${i}%40example.com&name=Bench%20${i}&metadata[plan]=pro&metadata[seq]=${i}`;
            return req;
          },
        },
  ],
});
console.log(`${KIND}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx`);
const exited = new Promise((done) => child.once('exit', done));
child.disconnect();
await exited;
await database.drop();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
const file = readdirSync(DIR).find((f) => f.endsWith('.cpuprofile'))!;
const profile = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { nodes: Node[]; samples: number[] };
const self = new Map<number, number>();
for (const s of profile.samples) self.set(s, (self.get(s) ?? 0) + 1);
const byName = new Map<string, number>();
for (const node of profile.nodes) {
  const f = node.callFrame;
  const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/src\//, 'src/')}:${f.lineNumber + 1}`;
  byName.set(name, (byName.get(name) ?? 0) + (self.get(node.id) ?? 0));
}
const total = profile.samples.length;
console.log(`top self time (${join(DIR, file)}):`);
for (const [name, count] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
