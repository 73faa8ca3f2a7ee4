// Opens the configured store and brings its schema up to date; prepares the embedded store's
// template at build time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { openEmbedded, preparePgliteTemplate } from '../store/pglite-template.ts';
import { systemClock } from '../core/clock.ts';
import type { Config } from '../config.ts';
import { composeRecur } from './compose.ts';
import { seedDemoData } from './demo-data.ts';

export interface OpenedStore {
  db: Db;
  applied: string[];
  where: string;
  /** A new embedded store copied from the template, which carries the demo data. */
  fromTemplate: boolean;
}

export async function openStore(config: Config): Promise<OpenedStore> {
  let where: string;
  let db: Db;
  let fromTemplate = false;
  if (config.databaseUrl) {
    db = await openDb({ databaseUrl: config.databaseUrl });
    where = config.databaseUrl.replace(/\/\/[^@/]*@/, '//');
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const dir = join(config.dataDir, 'pglite');
    ({ db, fromTemplate } = await openEmbedded(dir));
    where = `embedded PGlite in ${dir}`;
  }
  const applied = await migrate(db);
  return { db, applied, where, fromTemplate };
}

/**
 * Run by the build: the embedded store a first `npm start` copies, migrated and with the demo data
 * (created at build time; a new store is otherwise what `recur serve` would make). No API key: each
 * data folder generates its own.
 */
export async function prepareEmbeddedTemplate(): Promise<string[]> {
  return preparePgliteTemplate(async (db) => {
    const applied = await migrate(db);
    await seedDemoData(composeRecur({ db, clock: systemClock }).context);
    return applied;
  });
}
