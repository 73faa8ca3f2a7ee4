// The layering rules of DESIGN.md, checked on every import in src/: each folder may import only the
// folders below it, nothing outside api/ imports api/, and no folder imports one that imports it back.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');

const ALLOWED: Record<string, string[]> = {
  core: [],
  domain: ['core'],
  store: ['core', 'domain'],
  events: ['core', 'store'],
  payments: ['core', 'domain', 'store', 'events'],
  services: ['core', 'domain', 'store', 'payments', 'events'],
  engine: ['core', 'domain', 'store', 'payments', 'events', 'services'],
  api: ['core', 'domain', 'store', 'payments', 'events', 'services'],
  cli: ['core', 'domain', 'store', 'payments', 'events', 'services', 'engine', 'api', '(root)'],
  '(root)': ['core'],
};

/** Packages domain/ may use: pure libraries only. */
const DOMAIN_PACKAGES = new Set(['decimal.js', 'temporal-polyfill', 'stripe']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

const layerOf = (file: string): string => {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 ? parts[0] : '(root)';
};

interface Import {
  from: string;
  to: string;
  spec: string;
}

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const out: Import[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec.startsWith('.')) out.push({ from: layerOf(file), to: layerOf(resolve(dirname(file), spec)), spec });
    else out.push({ from: layerOf(file), to: `pkg:${spec}`, spec });
  }
  return out;
}

const files = sourceFiles(SRC);
const all = files.flatMap((f) => importsOf(f).map((i) => ({ ...i, file: relative(SRC, f) })));

describe('layers', () => {
  it('every folder imports only the folders below it', () => {
    const broken = all
      .filter((i) => !i.to.startsWith('pkg:') && i.to !== i.from && !ALLOWED[i.from]?.includes(i.to))
      .map((i) => `${i.file} → ${i.spec}`);
    expect(broken).toEqual([]);
  });

  it('nothing outside api/ imports api/', () => {
    expect(all.filter((i) => i.to === 'api' && !['api', 'cli'].includes(i.from)).map((i) => `${i.file} → ${i.spec}`)).toEqual([]);
  });

  it('domain/ imports only core/ and pure libraries', () => {
    const impure = all.filter((i) => i.from === 'domain' && i.to.startsWith('pkg:') && !DOMAIN_PACKAGES.has(i.to.slice(4).replace(/\/.*$/, '')));
    expect(impure.map((i) => `${i.file} → ${i.spec}`)).toEqual([]);
  });

  it('no folder imports a folder that imports it back', () => {
    const edges = new Set(all.filter((i) => !i.to.startsWith('pkg:') && i.to !== i.from).map((i) => `${i.from}>${i.to}`));
    const cycles = [...edges].filter((e) => edges.has(e.split('>').reverse().join('>')));
    expect(cycles).toEqual([]);
  });

  it('no module registers itself by a side-effect import', () => {
    const bare = files.filter((f) => /(?:^|\n)\s*import\s+['"]/.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(bare).toEqual([]);
  });
});
