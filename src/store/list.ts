// Stripe list and search envelopes, and the filters every list shares.
import type { Db } from './db.ts';
import { cond, listObjects, type Condition } from './objects.ts';
import { resourceMissing } from '../core/errors.ts';

export interface ListEnvelope<T> {
  object: 'list';
  url: string;
  has_more: boolean;
  data: T[];
}

export type Range = number | { gt?: number; gte?: number; lt?: number; lte?: number };

/** `created` (or another numeric column) as an exact value or a gt/gte/lt/lte range. */
export function rangeConditions(column: string, range: Range | undefined): Condition[] {
  if (range === undefined) return [];
  if (typeof range === 'number') return [cond(`${column} = ?`, range)];
  const out: Condition[] = [];
  if (range.gt !== undefined) out.push(cond(`${column} > ?`, range.gt));
  if (range.gte !== undefined) out.push(cond(`${column} >= ?`, range.gte));
  if (range.lt !== undefined) out.push(cond(`${column} < ?`, range.lt));
  if (range.lte !== undefined) out.push(cond(`${column} <= ?`, range.lte));
  return out;
}

/** A list filter on one column: `column = value` when the caller gave it, nothing when not. */
export const equalTo = (column: string, value: unknown): Condition[] => (value === undefined ? [] : [cond(`${column} = ?`, value)]);

export interface ListQuery {
  limit?: number;
  starting_after?: string;
  ending_before?: string;
  created?: Range;
}

/** Lists a table newest first with Stripe's cursor params; a cursor naming no object is a 404. */
export async function listEnvelope<T>(
  db: Db,
  table: string,
  url: string,
  q: ListQuery,
  conditions: Condition[] = [],
  noun = 'object',
): Promise<ListEnvelope<T>> {
  const page = await listObjects<T>(db, table, [...conditions, ...rangeConditions('created', q.created)], {
    limit: q.limit ?? 10,
    starting_after: q.starting_after,
    ending_before: q.ending_before,
  });
  if (!page) {
    const param = q.starting_after ? 'starting_after' : 'ending_before';
    throw resourceMissing(noun, (q.starting_after ?? q.ending_before)!, param);
  }
  return { object: 'list', url, has_more: page.has_more, data: page.data };
}
