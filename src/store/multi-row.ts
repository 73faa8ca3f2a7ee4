// Multi-row writes for set-based work: many rows in one INSERT or UPDATE statement (chunked to stay
// under PostgreSQL's 65,535 parameters), so a batch costs a few round trips, not a few per row.
// Rows are column → value maps; objects and arrays are written as JSON.
import type { Db, Row } from './db.ts';

const MAX_PARAMS = 60_000;
const IDENT = /^[a-z_][a-z0-9_]*$/;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`bad SQL identifier: ${name}`);
  return name;
}

const valueOf = (v: unknown): unknown => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

function chunks<T>(rows: T[], width: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / Math.max(1, width)));
  const out: T[][] = [];
  for (let at = 0; at < rows.length; at += size) out.push(rows.slice(at, at + size));
  return out;
}

function tuples(rows: Array<Record<string, unknown>>, names: string[], cast: (name: string) => string): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const sql = rows
    .map((r) => `(${names.map((n) => (params.push(valueOf(r[n])), `$${params.length}${cast(n)}`)).join(', ')})`)
    .join(', ');
  return { sql, params };
}

/**
 * Inserts the rows (all with the same columns). With `onConflictDoNothing`, rows that would break
 * a unique key are skipped and the others written. Returns the `returning` column of the rows written.
 */
export async function insertRows(
  db: Db,
  table: string,
  rows: Array<Record<string, unknown>>,
  opts: { onConflictDoNothing?: boolean; returning?: string } = {},
): Promise<Row[]> {
  if (!rows.length) return [];
  const names = Object.keys(rows[0]).map(ident);
  const out: Row[] = [];
  for (const chunk of chunks(rows, names.length)) {
    const t = tuples(chunk, names, () => '');
    const result = await db.query(
      `INSERT INTO ${ident(table)} (${names.join(', ')}) VALUES ${t.sql}` +
        (opts.onConflictDoNothing ? ' ON CONFLICT DO NOTHING' : '') +
        (opts.returning ? ` RETURNING ${ident(opts.returning)}` : ''),
      t.params,
    );
    out.push(...result);
  }
  return out;
}

/**
 * Updates rows by id: each row names its `id` and the columns to set (all rows the same columns).
 * `types` gives each column's SQL type (the VALUES list carries no table to infer it from).
 */
export async function updateRows(
  db: Db,
  table: string,
  rows: Array<Record<string, unknown>>,
  types: Record<string, string>,
): Promise<void> {
  if (!rows.length) return;
  const names = Object.keys(rows[0]).map(ident);
  if (names[0] !== 'id') throw new Error('updateRows: the first column must be id');
  const sets = names.slice(1).map((n) => `${n} = v.${n}`);
  for (const chunk of chunks(rows, names.length)) {
    const t = tuples(chunk, names, (n) => `::${types[n] ?? 'text'}`);
    await db.query(`UPDATE ${ident(table)} AS t SET ${sets.join(', ')} FROM (VALUES ${t.sql}) AS v(${names.join(', ')}) WHERE t.id = v.id`, t.params);
  }
}
