// Turns a parsed search query into SQL conditions over a table's `data` jsonb, for the fields
// a resource makes searchable, and runs it with Stripe's `search_result` envelope.
import type { Db } from '../../store/db.ts';
import { cond, whereClause, type Condition } from '../../store/objects.ts';
import { invalidRequest } from '../../core/errors.ts';
import { parseSearchQuery, SearchSyntaxError, type Clause } from './query.ts';

export type FieldType = 'string' | 'number' | 'boolean';

/** field name → SQL expression and type; `metadata` is always searchable. */
export type SearchFields = Record<string, { sql: string; type: FieldType }>;

export interface SearchResult<T> {
  object: 'search_result';
  url: string;
  has_more: boolean;
  data: T[];
  next_page: string | null;
  total_count?: number;
}

export function compileSearch(query: string, fields: SearchFields): Condition {
  let parsed;
  try {
    parsed = parseSearchQuery(query);
  } catch (e) {
    if (e instanceof SearchSyntaxError) throw invalidRequest(`Invalid search query: ${e.message}`, 'query');
    throw e;
  }
  const parts = parsed.clauses.map((c) => clauseSql(c, fields));
  return {
    sql: parts.map((p) => `(${p.sql})`).join(` ${parsed.join} `),
    params: parts.flatMap((p) => p.params),
  };
}

function clauseSql(c: Clause, fields: SearchFields): Condition {
  let expr: string;
  let type: FieldType;
  const params: unknown[] = [];
  if (c.field === 'metadata') {
    if (c.key === undefined) throw invalidRequest("Search on metadata needs a key: metadata['key']:'value'.", 'query');
    expr = `(data->'metadata'->>?)`;
    params.push(c.key);
    type = 'string';
  } else {
    const f = fields[c.field];
    if (!f) throw invalidRequest(`Invalid search query: '${c.field}' is not a searchable field. Searchable: ${['metadata', ...Object.keys(fields)].join(', ')}.`, 'query');
    expr = f.sql;
    type = f.type;
  }
  let sql: string;
  if (c.value === null) {
    if (c.op !== ':') throw invalidRequest('Invalid search query: null can only be used with `:`.', 'query');
    sql = `${expr} IS NULL`;
  } else if (c.op === ':') {
    if (type === 'string') {
      sql = `lower(${expr}) = lower(?)`;
      params.push(String(c.value));
    } else if (type === 'boolean') {
      sql = `${expr} = ?`;
      params.push(String(c.value) === 'true');
    } else {
      const n = numeric(c);
      sql = `${expr} = ${numericPlaceholder(n)}`;
      params.push(n);
    }
  } else if (c.op === '~') {
    if (type !== 'string') throw invalidRequest(`Invalid search query: '~' applies to text fields, not ${c.field}.`, 'query');
    if (String(c.value).length < 3) throw invalidRequest('Invalid search query: a substring match (~) needs at least 3 characters.', 'query');
    sql = `${expr} ILIKE ?`;
    params.push(`%${String(c.value).replace(/[\\%_]/g, (m) => '\\' + m)}%`);
  } else {
    if (type !== 'number') throw invalidRequest(`Invalid search query: '${c.op}' applies to numeric fields, not ${c.field}.`, 'query');
    const n = numeric(c);
    sql = `${expr} ${c.op} ${numericPlaceholder(n)}`;
    params.push(n);
  }
  if (c.negated) sql = `NOT COALESCE((${sql}), false)`;
  return { sql, params };
}

function numeric(c: Clause): number {
  const n = typeof c.value === 'number' ? c.value : String(c.value).trim() === '' ? NaN : Number(c.value);
  if (!Number.isFinite(n)) throw invalidRequest(`Invalid search query: ${c.field} needs a number.`, 'query');
  return n;
}

/** Integers compare as they are (an index on a bigint column stays usable); 1.5 or 1e21 would not parse as bigint. */
const numericPlaceholder = (n: number) => (Number.isSafeInteger(n) ? '?' : '?::numeric');

/** Runs a search with `page` as an opaque cursor (the last row's seq). */
export async function searchEnvelope<T>(
  db: Db,
  table: string,
  url: string,
  q: { query: string; limit?: number; page?: string },
  fields: SearchFields,
  base: Condition[] = [],
): Promise<SearchResult<T>> {
  const limit = q.limit ?? 10;
  const conditions = [...base, compileSearch(q.query, fields)];
  if (q.page) {
    const seq = Number(Buffer.from(q.page, 'base64url').toString('utf8'));
    if (!Number.isSafeInteger(seq)) throw invalidRequest('Invalid page: use the next_page value of a previous search.', 'page');
    conditions.push(cond('seq < ?', seq));
  }
  const where = whereClause(conditions);
  const rows = await db.query(`SELECT seq, data FROM ${table} ${where.sql} ORDER BY seq DESC LIMIT ${limit + 1}`, where.params);
  const has_more = rows.length > limit;
  const page = rows.slice(0, limit);
  return {
    object: 'search_result',
    url,
    has_more,
    data: page.map((r) => r.data as T),
    next_page: has_more ? Buffer.from(String(page[page.length - 1].seq)).toString('base64url') : null,
  };
}

/** Common searchable fields. */
export const createdField = { created: { sql: '(created)', type: 'number' as const } };
export const dataText = (name: string) => ({ sql: `(data->>'${name}')`, type: 'string' as const });
