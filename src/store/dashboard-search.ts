// The dashboard's lookups: customers and subscriptions matching typed text (on the generated
// search_text columns), subscriptions by status, newest first, paged by cursor with a count (capped).
import type { Db } from './db.ts';

export interface LookupPage<T> {
  data: T[];
  has_more: boolean;
  /** How many match, counted up to COUNT_CAP. */
  total_count: number;
  /** More than COUNT_CAP match: total_count is the cap, not the count. */
  total_count_capped?: true;
}

/**
 * Counting stops here: a one-letter search matches nearly everything, and counting 100,000 rows
 * costs more than the page itself. The pages say "10,000+ matching".
 */
export const COUNT_CAP = 10_000;

/** The count of a filter's rows, up to COUNT_CAP (then flagged as capped). */
async function cappedCount(db: Db, from: string, where: string[], params: unknown[]): Promise<Pick<LookupPage<unknown>, 'total_count' | 'total_count_capped'>> {
  const rows = await db.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(' AND ')} LIMIT ${COUNT_CAP + 1}) m`, params);
  const n = rows[0].n as number;
  return n > COUNT_CAP ? { total_count: COUNT_CAP, total_count_capped: true } : { total_count: n };
}

const pattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function cursorSeq(db: Db, table: 'customers' | 'subscriptions', id: string | undefined): Promise<number | null> {
  if (!id) return null;
  const rows = await db.query(`SELECT seq FROM ${table} WHERE id = $1`, [id]);
  return rows[0] ? Number(rows[0].seq) : null;
}

export async function lookupCustomers(db: Db, q: { query?: string; limit: number; starting_after?: string }): Promise<LookupPage<unknown>> {
  const params: unknown[] = [];
  // Typed text is matched in customer_search (migration 0090), which holds only customers not deleted.
  const text = q.query?.trim();
  if (text) params.push(pattern(text));
  const { from, where, seq } = text
    ? { from: 'customer_search x JOIN customers c ON c.id = x.id', where: ['x.text LIKE $1'], seq: 'x.seq' }
    : { from: 'customers c', where: ['NOT c.deleted'], seq: 'c.seq' };
  const count = await cappedCount(db, from, where, params);
  const after = await cursorSeq(db, 'customers', q.starting_after);
  if (after !== null) {
    params.push(after);
    where.push(`${seq} < $${params.length}`);
  }
  params.push(q.limit + 1);
  const rows = await db.query(`SELECT c.data FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${seq} DESC LIMIT $${params.length}`, params);
  return { data: rows.slice(0, q.limit).map((r) => r.data), has_more: rows.length > q.limit, ...count };
}

export interface SubscriptionFilter {
  query?: string;
  status?: string;
}

/** Where a subscription filter reads and what it orders by (shared by the page and its CSV export). */
export interface SubscriptionScan {
  from: string;
  where: string[];
  /** The newest-first key: the subscription's seq, as its search row carries it. */
  seq: string;
}

export function subscriptionFilter(f: SubscriptionFilter, params: unknown[]): SubscriptionScan {
  const where: string[] = [];
  if (f.status === 'all_active') where.push(`s.status IN ('active', 'trialing', 'past_due', 'unpaid', 'paused')`);
  else if (f.status) {
    params.push(f.status);
    where.push(`s.status = $${params.length}`);
  }
  if (!f.query?.trim()) return { from: 'subscriptions s', where: where.length ? where : ['true'], seq: 's.seq' };
  // Its own text and its customer's, in subscription_search (migration 0090), with a trigram index
  // where PostgreSQL has pg_trgm.
  params.push(pattern(f.query.trim()));
  where.push(`x.text LIKE $${params.length}`);
  return { from: 'subscription_search x JOIN subscriptions s ON s.id = x.id', where, seq: 'x.seq' };
}

/** A page of the filter's subscriptions with their customers, newest first, after seq `after`. */
async function subscriptionPage(db: Db, f: SubscriptionFilter, after: number | null, limit: number, params: unknown[] = []) {
  const scan = subscriptionFilter(f, params);
  if (after !== null) {
    params.push(after);
    scan.where.push(`${scan.seq} < $${params.length}`);
  }
  params.push(limit);
  return db.query(
    `SELECT s.seq, s.data AS subscription, c.data AS customer FROM ${scan.from} JOIN customers c ON c.id = s.customer_id
      WHERE ${scan.where.join(' AND ')} ORDER BY ${scan.seq} DESC LIMIT $${params.length}`,
    params,
  );
}

export async function lookupSubscriptions(
  db: Db,
  q: SubscriptionFilter & { limit: number; starting_after?: string },
): Promise<LookupPage<{ subscription: any; customer: any }>> {
  const countParams: unknown[] = [];
  const scan = subscriptionFilter(q, countParams);
  const count = await cappedCount(db, scan.from, scan.where, countParams);
  const rows = await subscriptionPage(db, q, await cursorSeq(db, 'subscriptions', q.starting_after), q.limit + 1);
  return { data: rows.slice(0, q.limit).map((r) => ({ subscription: r.subscription, customer: r.customer })), has_more: rows.length > q.limit, ...count };
}

/** Every subscription the filter matches, in batches (for the CSV export), newest first. */
export async function* allSubscriptions(db: Db, f: SubscriptionFilter, batch = 1000): AsyncGenerator<Array<{ subscription: any; customer: any }>> {
  let after: number | null = null;
  for (;;) {
    const rows = await subscriptionPage(db, f, after, batch);
    if (!rows.length) return;
    yield rows.map((r) => ({ subscription: r.subscription, customer: r.customer }));
    if (rows.length < batch) return;
    after = Number(rows[rows.length - 1].seq);
  }
}

/** A customer's events newest first; with `related`, only those whose object names that id. */
export async function customerTimeline(db: Db, customerId: string, o: { related?: string; limit: number }): Promise<unknown[]> {
  const params: unknown[] = [customerId, o.limit];
  let related = '';
  if (o.related) {
    params.push(`%"${o.related.replace(/[\\%_"]/g, (c) => `\\${c}`)}"%`);
    related = ` AND data::text LIKE $3`;
  }
  const rows = await db.query(`SELECT data FROM events WHERE customer_id = $1${related} ORDER BY seq DESC LIMIT $2`, params);
  return rows.map((r) => r.data);
}
