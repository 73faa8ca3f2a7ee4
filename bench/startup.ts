// `npm run bench:startup`: the embedded start as a user meets it. Runs `npm start`'s command (the
// compiled `node dist/cli/main.js serve`) on a fresh data folder (first start: template copy, demo
// data, key) and again on the same folder (restart), and prints the time from process start to
// /healthz answering and the server's RSS once it answers. For reference, in the same run, the
// same first start from the TypeScript sources through tsx, where PGlite runs initdb (the old path).
// Targets (issue 6): first start < 3 s, restart < 2 s, RSS after start < 400 MB.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMPILED = [join(ROOT, 'dist/cli/main.js'), 'serve'];
const SOURCES = [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'src/cli/main.ts'), 'serve'];

interface Start {
  seconds: number;
  /** CPU time (user + system) the server used until then: what load on a shared machine cannot stretch. */
  cpuSeconds: number;
  rssMb: number;
}

const read = (f: string) => {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
};

/** The process and its descendants (tsx runs the sources in a child), from /proc (Linux). */
function processTree(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const p of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    const stat = read(`/proc/${p}/stat`);
    if (stat) parents.set(Number(p), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parents) if (pp === tree[i]) tree.push(p);
  return tree;
}

/** Resident memory (MB) and CPU seconds (user + system; clock ticks of 1/100 s) of a process tree. */
function usage(pid: number): { rssMb: number; cpuSeconds: number } {
  let kb = 0;
  let ticks = 0;
  for (const p of processTree(pid)) {
    kb += Number(/VmRSS:\s+(\d+) kB/.exec(read(`/proc/${p}/status`))?.[1] ?? 0);
    const stat = read(`/proc/${p}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return { rssMb: kb / 1024, cpuSeconds: ticks / 100 };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/**
 * Starts the server on dataDir (port 0: it prints the one it got) and measures until /healthz
 * answers; stops it cleanly after.
 */
async function start(args: string[], dataDir: string): Promise<Start> {
  const began = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, RECUR_DATA_DIR: dataDir, PORT: '0', DATABASE_URL: '', RECUR_API_KEY: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output}`);
      const port = /API:\s+http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port && (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) break;
      await sleep(20);
    }
    return { seconds: (performance.now() - began) / 1000, ...usage(child.pid!) };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (label: string, xs: Start[], target: string) =>
  `${label.padEnd(34)} ${median(xs.map((x) => x.seconds)).toFixed(2).padStart(6)} s  ` +
  `(runs ${xs.map((x) => x.seconds.toFixed(2)).join(', ')})  CPU ${median(xs.map((x) => x.cpuSeconds)).toFixed(2)} s  ` +
  `RSS ${median(xs.map((x) => x.rssMb)).toFixed(0).padStart(4)} MB   ${target}`;

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
