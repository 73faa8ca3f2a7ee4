// The `recur` command as users run it: `recur migrate` against DATABASE_URL, `recur serve` on a data folder.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { createTestDatabase } from '../support/recur.ts';
import { migrationFiles } from '../../src/store/migrate.ts';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/recur.js');
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * Env for a child: no inherited store or key settings, so each test says what it means; and the
 * TypeScript sources under test, not a dist/ that an earlier build left behind.
 */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _d, RECUR_DATA_DIR: _r, RECUR_API_KEY: _k, PORT: _p, ...rest } = process.env;
  return { ...rest, RECUR_SOURCE: '1', ...extra };
}

function run(args: string[], extra: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(extra) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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

interface Served {
  child: ChildProcess;
  output: string;
  stop(): Promise<void>;
}

/** Starts `recur serve` in its own process group and resolves once it has printed its secret key. */
function serve(extra: Record<string, string>): Promise<Served> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: env(extra), detached: true });
    let output = '';
    let errors = '';
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stop = async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {}
      await exited;
    };
    cleanups.push(stop);
    child.stderr!.on('data', (d) => (errors += d));
    child.stdout!.on('data', (d) => {
      output += d;
      if (/Secret key:\s*\S+/.test(output) && /const stripe = /.test(output)) resolve({ child, output, stop });
    });
    child.once('exit', (code) => reject(new Error(`recur serve exited with ${code}: ${output}${errors}`)));
  });
}

describe('recur migrate', () => {
  it('applies the migrations to DATABASE_URL and says what it applied, then that it is up to date', async () => {
    const t = await createTestDatabase();
    cleanups.push(() => t.drop());
    const first = await run(['migrate'], { DATABASE_URL: t.url });
    expect(first.code, first.stderr).toBe(0);
    for (const file of migrationFiles()) expect(first.stdout).toContain(file);
    expect(first.stdout).toMatch(/^Applied /);
    expect(first.stdout).toContain(t.url.split('/').pop()!);
    const second = await run(['migrate'], { DATABASE_URL: t.url });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/is up to date/);
  });

  it('fails with a message, not a stack, when the database cannot be reached', async () => {
    const port = await freePort();
    const r = await run(['migrate'], { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/nope` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ECONNREFUSED|connect/);
  });
});

describe('recur serve', () => {
  it('boots on a data folder with demo data and a key, and keeps both across restarts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'recur-serve-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const settings = { RECUR_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };

    const first = await serve(settings);
    const url = `http://127.0.0.1:${port}`;
    expect(first.output).toContain(`${url}/v1`);
    expect(first.output).toContain(`${url}/dashboard`);
    expect(first.output).toMatch(/demo data created/);
    expect(first.output).toMatch(new RegExp(`Sign in:\\s+${url}/dashboard/accept\\?token=\\w+`));
    const secret = /Secret key:\s*(sk_test_\S+)/.exec(first.output)![1];

    const stripe = new Stripe(secret, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
    const demo = await stripe.customers.list({ limit: 100 });
    expect(demo.data.length).toBeGreaterThan(0);
    const prices = await stripe.prices.list({ limit: 100 });
    expect(prices.data.length).toBeGreaterThan(0);
    const mine = await stripe.customers.create({ email: 'kept@example.com' });
    const dashboard = await fetch(`${url}/dashboard`);
    expect(dashboard.status).toBe(200);
    await first.stop();

    const second = await serve(settings);
    expect(second.output).not.toMatch(/demo data created/);
    expect(/Secret key:\s*(sk_test_\S+)/.exec(second.output)![1]).toBe(secret);
    const again = await stripe.customers.list({ limit: 100 });
    expect(again.data.map((c) => c.id)).toEqual([mine.id, ...demo.data.map((c) => c.id)]);
    await second.stop();
  });
});
