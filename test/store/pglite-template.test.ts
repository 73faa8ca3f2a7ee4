// A new embedded data folder starts as a copy of the build's template; an existing one is never touched.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedFromPgliteTemplate } from '../../src/store/pglite-template.ts';

const root = mkdtempSync(join(tmpdir(), 'recur-template-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cluster(dir: string, marker: string): string {
  mkdirSync(join(dir, 'base/5'), { recursive: true });
  writeFileSync(join(dir, 'PG_VERSION'), '17\n');
  writeFileSync(join(dir, 'base/5/1259'), marker);
  return dir;
}

describe('seedFromPgliteTemplate', () => {
  const template = cluster(join(root, 'template'), 'template');

  it('copies the template into a folder that holds no cluster, leaving nothing half-made beside it', () => {
    const dir = join(root, 'a/pglite');
    mkdirSync(join(root, 'a'));
    expect(seedFromPgliteTemplate(dir, template)).toBe(true);
    expect(readFileSync(join(dir, 'base/5/1259'), 'utf8')).toBe('template');
    expect(readdirSync(join(root, 'a'))).toEqual(['pglite']);
  });

  it('leaves an existing cluster alone', () => {
    const dir = cluster(join(root, 'b/pglite'), 'mine');
    expect(seedFromPgliteTemplate(dir, template)).toBe(false);
    expect(readFileSync(join(dir, 'base/5/1259'), 'utf8')).toBe('mine');
  });

  it('does nothing without a template (running the sources: PGlite runs initdb)', () => {
    const dir = join(root, 'c/pglite');
    expect(seedFromPgliteTemplate(dir, join(root, 'no-template'))).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
