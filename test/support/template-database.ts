// A migrated template database, made once per test run (vitest's globalSetup): each test file's
// database is a copy of it (CREATE DATABASE … TEMPLATE), a third of a second instead of running
// every migration again. Its name carries a hash of the migrations, so a changed migration makes a
// new one (another checkout's runs keep theirs: they may be running beside this one).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PgDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { admin as adminAt } from '../../bench/billing-db.ts';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = <T>(fn: Parameters<typeof adminAt<T>>[0]) => adminAt(fn, ADMIN_URL);
const MIGRATIONS = join(import.meta.dirname, '../../src/store/migrations');
export const TEMPLATE_ENV = 'RECUR_TEST_TEMPLATE_DB';

function templateName(): string {
  const hash = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(join(MIGRATIONS, f)));
  return `recur_test_template_${hash.digest('hex').slice(0, 12)}`;
}

/** Makes the template if it is missing and names it in the environment the test workers inherit. */
export default async function setup(): Promise<void> {
  const name = templateName();
  const ready = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length > 0).catch(() => null);
  // No PostgreSQL: the PGlite tests still run, and PostgreSQL ones fail as they would have.
  if (ready === null) return;
  if (!ready) {
    // Built under a name of its own, then renamed: a run beside this one may be building it too.
    const building = `${name}_${randomBytes(4).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${building}`));
    const db = PgDb.connect(ADMIN_URL.replace(/\/[^/]*$/, `/${building}`), 2);
    try {
      await migrate(db);
    } finally {
      await db.close();
    }
    await admin((c) => c.query(`ALTER DATABASE ${building} RENAME TO ${name}`).catch(() => c.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`)));
  }
  process.env[TEMPLATE_ENV] = name;
}
