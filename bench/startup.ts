// `npm run bench:startup`: the embedded start as a user meets it. Runs `npm start`'s command (the
// compiled `node dist/cli/main.js serve`) on a fresh data folder (first start: template copy, demo
// data, key) and again on the same folder (restart), and prints the time from process start to
// /healthz answering and the server's RSS once it answers. For reference, in the same run, the
// same first start from the TypeScript sources through tsx, where PGlite runs initdb (the old path).
// Targets (issue 6): first start < 3 s, restart < 2 s, RSS after start < 400 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMPILED = [join(ROOT, 'dist/cli/main.js'), 'serve'];
const SOURCES = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'serve'];

interface Start {
  seconds: number;
  rssMb: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resident memory of a process and its children (tsx runs the sources in a child) in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const read = (f: string) => {
    try {
      return readFileSync(f, 'utf8');
    } catch {
      return '';
    }
  };
  const parents = new Map<number, number>();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const stat = read(`/proc/${p}/stat`);
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (stat) parents.set(Number(p), ppid);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parents) if (pp === tree[i]) tree.push(p);
  const kb = tree.map((p) => Number(/VmRSS:\s+(\d+) kB/.exec(read(`/proc/${p}/status`))?.[1] ?? 0));
  return kb.reduce((a, b) => a + b, 0) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** Starts the server on dataDir and measures until /healthz answers; stops it cleanly after. */
async function start(args: string[], dataDir: string): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, RECUR_DATA_DIR: dataDir, PORT: String(port), DATABASE_URL: '', RECUR_API_KEY: '' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
      if (ok) break;
      await sleep(20);
    }
    return { seconds: (performance.now() - began) / 1000, rssMb: rssMb(child.pid!) };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (label: string, xs: Start[], target: string) =>
  `${label.padEnd(34)} ${median(xs.map((x) => x.seconds)).toFixed(2).padStart(6)} s  ` +
  `(runs ${xs.map((x) => x.seconds.toFixed(2)).join(', ')})  RSS ${median(xs.map((x) => x.rssMb)).toFixed(0).padStart(4)} MB   ${target}`;

if (!existsSync(COMPILED[0])) {
  console.error('dist/ is missing: run `npm run build` (npm ci does it) first.');
  process.exit(1);
}

const first: Start[] = [];
const restart: Start[] = [];
const reference: Start[] = [];
for (let i = 0; i < RUNS; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'recur-startup-'));
  try {
    first.push(await start(COMPILED, dir));
    restart.push(await start(COMPILED, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (process.env.BENCH_REFERENCE !== '0') {
  const dir = mkdtempSync(join(tmpdir(), 'recur-startup-src-'));
  try {
    reference.push(await start(SOURCES, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`embedded start, median of ${RUNS} (load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')})`);
console.log(fmt('first start (npm start, fresh dir)', first, 'target < 3 s, < 400 MB'));
console.log(fmt('restart (same dir)', restart, 'target < 2 s, < 400 MB'));
if (reference.length) console.log(fmt('reference: sources via tsx, initdb', reference, 'the path before the build'));
