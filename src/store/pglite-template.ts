// The embedded store (PGlite in a data folder) and its first start without initdb. Creating a
// PGlite cluster (initdb) costs seconds and a second WebAssembly instance's memory, so the build
// prepares one migrated data directory beside the compiled code and a new data folder starts as a
// copy of it. Migrations added after the build still apply at start, as on any older database.
import { constants, cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { PgliteDb } from './db.ts';

/** Next to this module: dist/store/pglite-template once built (absent when running the sources). */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('./pglite-template', import.meta.url));

/**
 * PostgreSQL's default 128 MB of shared buffers is most of an embedded server's memory; a store one
 * person tries things on needs far less (32 MB keeps RSS after start near 250 MB instead of 400 MB).
 */
const EMBEDDED_CONF = ['shared_buffers = 32MB'];

/**
 * The template is initialized with 1 MB WAL segments instead of 16 MB: a first start copies every
 * file of it, and on a busy disk the copy is most of that start.
 */
const TEMPLATE_INITDB = ['--wal-segsize=1'];

const isCluster = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

/** Opens (creating if needed) the embedded store in `dir`, from the template when there is one. */
export async function openEmbedded(dir: string): Promise<{ db: PgliteDb; fromTemplate: boolean }> {
  const fromTemplate = seedFromPgliteTemplate(dir);
  return { db: await createPglite(dir), fromTemplate };
}

async function createPglite(dir: string, initDbStartParams?: string[]): Promise<PgliteDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  return new PgliteDb(await PGlite.create(dir, { postgresqlconf: EMBEDDED_CONF, initDbStartParams }));
}

/**
 * Builds the template: a fresh cluster filled by `fill` (migrations, demo data), without the
 * template0/template1 databases (Recur never creates a database in its embedded store, and they
 * are two thirds of the files a first start would copy), checkpointed and closed cleanly.
 */
export async function preparePgliteTemplate<T>(fill: (db: PgliteDb) => Promise<T>, dir = PGLITE_TEMPLATE_DIR): Promise<T> {
  rmSync(dir, { recursive: true, force: true });
  const db = await createPglite(dir, TEMPLATE_INITDB);
  try {
    const filled = await fill(db);
    for (const name of ['template0', 'template1']) {
      await db.query(`ALTER DATABASE ${name} IS_TEMPLATE false`);
      await db.query(`DROP DATABASE ${name}`);
    }
    await db.query('CHECKPOINT');
    return filled;
  } finally {
    await db.close();
  }
}

/**
 * Makes `dataDir` a copy of the template when it holds no cluster yet; false when there is nothing
 * to do (a cluster is there) or no template (running the sources: PGlite runs initdb itself).
 * The copy is made beside the target and renamed into place, so an interrupted copy leaves nothing.
 */
export function seedFromPgliteTemplate(dataDir: string, template = PGLITE_TEMPLATE_DIR): boolean {
  if (isCluster(dataDir) || !isCluster(template) || dataDir === template) return false;
  const partial = `${dataDir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  // Copy-on-write clones where the filesystem has them (btrfs, XFS), plain copies elsewhere.
  cpSync(template, partial, { recursive: true, mode: constants.COPYFILE_FICLONE });
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(partial, dataDir);
  return true;
}
