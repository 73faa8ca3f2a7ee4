// Databases for the billing benchmark: a seeded template, and copies of it for each run.
import pg from 'pg';
import { randomBytes } from 'node:crypto';

export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const urlOf = (name: string) => ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);

/** Runs `fn` on a connection to the server's admin database (for CREATE and DROP DATABASE). */
export async function admin<T>(fn: (c: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A new empty database, or a copy of `template` (which must have no open connections). */
export async function createDatabase(label: string, template?: string): Promise<BenchDatabase> {
  const name = `recur_bench_${label}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  return {
    name,
    url: urlOf(name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
