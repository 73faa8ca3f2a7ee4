// Migrations on a real PostgreSQL server: a fresh database, a second run, and an older database upgraded in place.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../support/recur.ts';
import { PgDb, type Db } from '../../src/store/db.ts';
import { migrate, migrationFiles } from '../../src/store/migrate.ts';

const MIGRATIONS = join(import.meta.dirname, '../../src/store/migrations');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDb(): Promise<{ db: Db; url: string }> {
  const t = await createTestDatabase();
  const db = PgDb.connect(t.url, 4);
  cleanups.push(async () => {
    await db.close();
    await t.drop();
  });
  return { db, url: t.url };
}

/** Tables, columns, types and indexes: what a migrated schema looks like. */
async function schemaOf(db: Db): Promise<unknown> {
  const columns = await db.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' ORDER BY table_name, column_name`,
  );
  const indexes = await db.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY tablename, indexname`);
  return { columns, indexes };
}

describe('migrate', () => {
  it('applies every migration to a fresh database, in order, once', async () => {
    const { db } = await freshDb();
    const applied = await migrate(db);
    expect(applied).toEqual(migrationFiles());
    expect(applied.length).toBeGreaterThan(0);
    expect([...applied].sort()).toEqual(applied);
    const recorded = await db.query('SELECT name FROM schema_migrations ORDER BY name');
    expect(recorded.map((r) => r.name)).toEqual(applied);
    for (const table of ['api_keys', 'idempotency_keys', 'events', 'customers'])
      expect((await db.query('SELECT to_regclass($1) AS t', [table]))[0].t).toBe(table);

    const before = await schemaOf(db);
    expect(await migrate(db)).toEqual([]);
    expect(await schemaOf(db)).toEqual(before);
  });

  it('upgrades a database made by an older version in place, keeping its data', async () => {
    const fresh = await freshDb();
    await migrate(fresh.db);
    const { db, url } = await freshDb();
    // What the first release left behind: 0001 applied by hand and recorded, with a customer in it.
    const first = migrationFiles()[0];
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(readFileSync(join(MIGRATIONS, first), 'utf8'));
    await client.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [first]);
    await client.query(`INSERT INTO customers (id, created, email, data) VALUES ('cus_old', 1, 'old@example.com', '{"id":"cus_old","object":"customer","email":"old@example.com"}')`);
    await client.end();

    const applied = await migrate(db);
    expect(applied).toEqual(migrationFiles().slice(1));
    expect(await schemaOf(db)).toEqual(await schemaOf(fresh.db));
    const old = await db.query(`SELECT email FROM customers WHERE id = 'cus_old'`);
    expect(old).toEqual([{ email: 'old@example.com' }]);
    expect(await migrate(db)).toEqual([]);
  });

  it('lets several processes migrate one database at once: each file is applied once', async () => {
    const { url } = await freshDb();
    const dbs = Array.from({ length: 3 }, () => PgDb.connect(url, 2));
    try {
      const results = await Promise.all(dbs.map((d) => migrate(d)));
      expect(results.flat().sort()).toEqual(migrationFiles());
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
    }
  });
});
