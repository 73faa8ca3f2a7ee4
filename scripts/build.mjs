#!/usr/bin/env node
// `npm run build` (run by `npm ci` through `prepare`): compiles src/ to dist/, puts the SQL migrations
// beside the compiled migrator, builds the dashboard and portal (web/, Vite) into dist/web, and
// prepares the migrated PGlite data directory that a first embedded start copies instead of running
// initdb.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '../..');
const dist = join(root, 'dist');
const step = (what) => console.log(`build: ${what}`);

rmSync(dist, { recursive: true, force: true });
step('compiling src/ to dist/');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

cpSync(join(root, 'src/store/migrations'), join(dist, 'store/migrations'), {
  recursive: true,
  // Folders and .sql files (judged by the name alone: the checkout's own path may contain dots).
  filter: (f) => !basename(f).includes('.') || f.endsWith('.sql'),
});

step('building the dashboard and portal (web/ → dist/web)');
const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
const web = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'web/vite.config.ts')], { stdio: 'inherit' });
if (web.status !== 0) process.exit(web.status ?? 1);

step('preparing the embedded store template');
const { prepareEmbeddedTemplate } = await import(pathToFileURL(join(dist, 'cli/open-store.js')).href);
const applied = await prepareEmbeddedTemplate();
step(`template ready (${applied.length} migrations, demo data)`);
