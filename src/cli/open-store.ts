// Opens the configured store and brings its schema up to date.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import type { Config } from '../config.ts';

export async function openStore(config: Config): Promise<{ db: Db; applied: string[]; where: string }> {
  let where: string;
  let db: Db;
  if (config.databaseUrl) {
    db = await openDb({ databaseUrl: config.databaseUrl });
    where = config.databaseUrl.replace(/\/\/[^@/]*@/, '//');
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const dir = join(config.dataDir, 'pglite');
    db = await openDb({ dataDir: dir });
    where = `embedded PGlite in ${dir}`;
  }
  const applied = await migrate(db);
  return { db, applied, where };
}
