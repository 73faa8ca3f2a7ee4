// Generic persistence for Stripe-shaped objects: each table keeps the object in `data`
// plus lifted columns used for filtering, and `seq` for newest-first cursor lists.
import type { Db } from './db.ts';

export type Columns = Record<string, unknown>;

export interface StoredObject {
  id: string;
  created: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;
function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`bad SQL identifier: ${name}`);
  return name;
}

export async function insertObject(db: Db, table: string, obj: StoredObject, columns: Columns = {}): Promise<void> {
  const names = ['id', 'created', 'data', ...Object.keys(columns).map(ident)];
  const values = [obj.id, obj.created, JSON.stringify(obj), ...Object.values(columns)];
  const placeholders = values.map((_, i) => `$${i + 1}`).join(', ');
  await db.query(`INSERT INTO ${ident(table)} (${names.join(', ')}) VALUES (${placeholders})`, values);
}

export async function updateObject(db: Db, table: string, obj: StoredObject, columns: Columns = {}): Promise<void> {
  const sets = ['data = $2', ...Object.keys(columns).map((c, i) => `${ident(c)} = $${i + 3}`)];
  await db.query(`UPDATE ${ident(table)} SET ${sets.join(', ')} WHERE id = $1`, [
    obj.id,
    JSON.stringify(obj),
    ...Object.values(columns),
  ]);
}

export async function getObject<T>(db: Db, table: string, id: string, opts: { forUpdate?: boolean } = {}): Promise<T | null> {
  const rows = await db.query(
    `SELECT data FROM ${ident(table)} WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows.length ? (rows[0].data as T) : null;
}

export async function deleteRow(db: Db, table: string, id: string): Promise<void> {
  await db.query(`DELETE FROM ${ident(table)} WHERE id = $1`, [id]);
}

/** A WHERE condition with `?` placeholders, numbered when the query is assembled. */
export interface Condition {
  sql: string;
  params: unknown[];
}

export const cond = (sql: string, ...params: unknown[]): Condition => ({ sql, params });

export interface ListPage<T> {
  data: T[];
  has_more: boolean;
}

export interface PageParams {
  limit: number;
  starting_after?: string;
  ending_before?: string;
}

/** Assembles conditions into a WHERE clause, numbering `?` from `start`. */
export function whereClause(conditions: Condition[], start = 1): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = conditions.map((c) => {
    let i = 0;
    const sql = c.sql.replace(/\?/g, () => `$${start + params.length + i++}`);
    params.push(...c.params);
    return `(${sql})`;
  });
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/**
 * Newest-first cursor pagination as Stripe lists do it. A cursor id that does not exist in the
 * table returns `null` so the caller can answer with a resource_missing error.
 */
export async function listObjects<T>(
  db: Db,
  table: string,
  conditions: Condition[],
  page: PageParams,
): Promise<ListPage<T> | null> {
  const all = [...conditions];
  const cursorId = page.starting_after ?? page.ending_before;
  if (cursorId) {
    const c = await db.query(`SELECT seq FROM ${ident(table)} WHERE id = $1`, [cursorId]);
    if (!c.length) return null;
    all.push(cond(page.starting_after ? 'seq < ?' : 'seq > ?', c[0].seq));
  }
  const where = whereClause(all);
  const ascending = !page.starting_after && !!page.ending_before;
  const rows = await db.query(
    `SELECT data FROM ${ident(table)} ${where.sql} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT ${page.limit + 1}`,
    where.params,
  );
  const has_more = rows.length > page.limit;
  const data = rows.slice(0, page.limit).map((r) => r.data as T);
  if (ascending) data.reverse();
  return { data, has_more };
}
