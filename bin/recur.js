#!/usr/bin/env node
// The `recur` command. Runs the compiled code in dist/ (built by `npm ci` / `npm run build`); from a
// checkout without a build, or with RECUR_SOURCE=1 (the test suite), runs the TypeScript sources
// through tsx instead.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'dist', 'cli', 'main.js');
if (process.env.RECUR_SOURCE !== '1' && existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const r = spawnSync(tsx, [join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
