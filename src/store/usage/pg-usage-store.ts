// The PostgreSQL usage store. Ingestion appends each batch as one row (meter_event_batches), which
// costs little more than a COPY of it; folding (usage-fold.ts) then claims identifiers
// (de-duplication, adjustments) and appends the counted events as segments: per meter, customer
// and hour, their sum, count and latest event, and the events themselves. Invoices add up the
// segments of whole hours, and unnest those of the partial hours at a span's edges (a period need
// not start on the hour), after folding whatever is still waiting. Meters with an event_time_window
// are read from the segments' events: one value per window, the latest arrival's.
import type { Db } from '../../core/db.ts';
import type { CanceledEvent, FoldResult, UsageEvent, UsageParts, UsageSpan, UsageStore } from '../../core/usage-store.ts';
import { combineParts, EMPTY_PARTS } from '../../domain/usage/meter-aggregation.ts';
import { preAggregatedSpan } from '../../domain/usage/pre-aggregation.ts';
import { ARRIVALS_PER_BATCH, UsageFolder } from './usage-fold.ts';
import { monthOf } from './event-partitions.ts';

const HOUR = 3600;

const PARTS_COLUMNS = `
  sum(%v)::bigint AS s, sum(%c)::bigint AS c,
  (array_agg(%lv ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS lv,
  (array_agg(%lt ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS lt,
  (array_agg(%li ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS li`;
const partsColumns = (v: string, c: string, lv: string, lt: string, li: string) =>
  PARTS_COLUMNS.replaceAll('%v', v).replaceAll('%c', c).replaceAll('%lv', lv).replaceAll('%lt', lt).replaceAll('%li', li);

const SPANS = `unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS p(i, meter_id, customer_id, s, e)`;

const HOURS_SQL = `
SELECT p.i, ${partsColumns('g.value_sum', 'g.event_count', 'g.last_value', 'g.last_time', 'g.last_identifier')}
  FROM ${SPANS}
  JOIN meter_event_segments g ON g.meter_id = p.meter_id AND g.customer_id = p.customer_id AND g.hour_start >= p.s AND g.hour_start < p.e
 GROUP BY p.i`;

// The events of the hours a span touches, unnested and cut to the span (per span, LATERAL, so each
// is an index look-up whatever the planner guesses of the spans).
const EDGES_SQL = `
SELECT p.i, ${partsColumns('u.v', '1', 'u.v', 'u.t', 'u.id')}
  FROM ${SPANS}
  CROSS JOIN LATERAL (SELECT event_times, identifiers, event_values FROM meter_event_segments g
                       WHERE g.meter_id = p.meter_id AND g.customer_id = p.customer_id AND g.hour_start > p.s - ${HOUR} AND g.hour_start < p.e
                      OFFSET 0) g
  CROSS JOIN LATERAL unnest(g.event_times, g.identifiers, g.event_values) AS u(t, id, v)
 WHERE u.t >= p.s AND u.t < p.e
 GROUP BY p.i`;

// Pre-aggregated spans (already aligned to their windows): the most recently received event of each
// window (by arrival), then the parts of those, the latest window's value being the last.
const WINDOWED_SQL = `
SELECT p.i, ${partsColumns('w.value', '1', 'w.value', 'w.window_start', 'w.identifier')}
  FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[]) AS p(i, meter_id, customer_id, s, e, w)
 CROSS JOIN LATERAL (
   SELECT DISTINCT ON (u.t - u.t % p.w) u.t - u.t % p.w AS window_start, u.v AS value, u.id AS identifier
     FROM (SELECT event_times, identifiers, event_values, arrivals FROM meter_event_segments g
            WHERE g.meter_id = p.meter_id AND g.customer_id = p.customer_id AND g.hour_start > p.s - ${HOUR} AND g.hour_start < p.e
           OFFSET 0) g
    CROSS JOIN LATERAL unnest(g.event_times, g.identifiers, g.event_values, g.arrivals) AS u(t, id, v, a)
    WHERE u.t >= p.s AND u.t < p.e
    ORDER BY u.t - u.t % p.w, u.a DESC) w
 GROUP BY p.i`;

// A canceled event leaves its segment, whose sum, count and latest event are counted again from
// the events that stay (still latest first).
const CANCEL_SQL = `
UPDATE meter_event_segments g
   SET (value_sum, event_count, last_value, last_time, last_identifier, event_times, identifiers, event_values, arrivals) = (
       SELECT coalesce(sum(v), 0), count(*), (array_agg(v))[1], (array_agg(t))[1], (array_agg(id))[1],
              coalesce(array_agg(t), '{}'), coalesce(array_agg(id), '{}'), coalesce(array_agg(v), '{}'), coalesce(array_agg(a), '{}')
         FROM (SELECT t, id, v, a FROM unnest(g.event_times, g.identifiers, g.event_values, g.arrivals) WITH ORDINALITY AS u(t, id, v, a, n)
                WHERE NOT (u.id = $4 AND u.t = $3) ORDER BY n) kept)
 WHERE g.meter_id = $1 AND g.customer_id = $2 AND g.hour_start = $3::bigint - $3::bigint % ${HOUR} AND $4 = ANY (g.identifiers)`;

const partsOfRow = (r: Record<string, any>): UsageParts => ({
  sum: Number(r.s ?? 0),
  count: Number(r.c ?? 0),
  last: r.lv === null || r.lv === undefined ? null : Number(r.lv),
  lastTime: r.lt === null || r.lt === undefined ? null : Number(r.lt),
  lastIdentifier: r.li ?? null,
});

interface IndexedSpan extends UsageSpan {
  i: number;
}

async function partsBySpan(db: Db, sql: string, spans: IndexedSpan[], withWindow = false): Promise<Map<number, UsageParts>> {
  const open = spans.filter((s) => s.end > s.start);
  if (!open.length) return new Map();
  const params = [open.map((s) => s.i), open.map((s) => s.meterId), open.map((s) => s.customerId), open.map((s) => s.start), open.map((s) => s.end)];
  const rows = await db.query(sql, withWindow ? [...params, open.map((s) => s.window)] : params);
  return new Map(rows.map((r) => [Number(r.i), partsOfRow(r)]));
}

/** One time in each calendar month the events fall in (a batch rarely straddles two). */
function monthsOf(times: number[], first: number, last: number): number[] {
  const a = monthOf(first);
  if (last < a.end) return [first];
  const months = new Map<string, number>();
  for (const t of times) {
    const m = monthOf(t);
    if (!months.has(m.name)) months.set(m.name, t);
  }
  return [...months.values()];
}

const MAX_ROW_EVENTS = ARRIVALS_PER_BATCH - 1;

const INGEST_SQL = `INSERT INTO meter_event_batches (created, months, identifiers, meter_ids, customer_ids, event_times, event_values)
VALUES ($1, $2, $3, $4, $5, $6, $7)`;

export class PgUsageStore implements UsageStore {
  private readonly folder = new UsageFolder();

  async ingest(db: Db, events: UsageEvent[], now: number): Promise<void> {
    // A row holds fewer events than a batch has arrival numbers (ARRIVALS_PER_BATCH).
    if (events.length <= MAX_ROW_EVENTS) return this.append(db, events, now);
    for (let i = 0; i < events.length; i += MAX_ROW_EVENTS) await this.append(db, events.slice(i, i + MAX_ROW_EVENTS), now);
  }

  /** Appends one row of events (nobody reads it back: in a transaction it travels with the commit). */
  private async append(db: Db, events: UsageEvent[], now: number): Promise<void> {
    if (!events.length) return;
    const n = events.length;
    const identifiers = new Array<string>(n);
    const meters = new Array<string>(n);
    const customers = new Array<string>(n);
    const times = new Array<number>(n);
    const values = new Array<number>(n);
    let first = Infinity;
    let last = -Infinity;
    for (let i = 0; i < n; i++) {
      const e = events[i];
      identifiers[i] = e.identifier;
      meters[i] = e.meterId;
      customers[i] = e.customerId;
      times[i] = e.timestamp;
      values[i] = e.value;
      if (e.timestamp < first) first = e.timestamp;
      if (e.timestamp > last) last = e.timestamp;
    }
    // JSON text: built natively by V8 and stored as is (PostgreSQL parses it when folding).
    const params = [now, monthsOf(times, first, last), JSON.stringify(identifiers), JSON.stringify(meters), JSON.stringify(customers), JSON.stringify(times), JSON.stringify(values)];
    if (db.enqueue) db.enqueue(INGEST_SQL, params);
    else await db.query(INGEST_SQL, params);
  }

  fold(db: Db, opts: { limit?: number; skipIfBusy?: boolean } = {}): Promise<FoldResult> {
    return this.folder.fold(db, opts.limit, opts.skipIfBusy);
  }

  async cancel(db: Db, identifier: string): Promise<CanceledEvent | null> {
    return db.transaction(async (tx) => {
      // The event may still be waiting: fold first, and hold the lock so no fold runs meanwhile.
      await this.folder.foldWaiting(tx);
      await this.folder.lock(tx);
      const rows = await tx.query(
        `UPDATE meter_event_identifiers SET canceled = true WHERE identifier = $1 AND NOT canceled
         RETURNING meter_id, customer_id, event_time`,
        [identifier],
      );
      if (!rows.length) return null;
      const { meter_id, customer_id } = rows[0];
      const time = Number(rows[0].event_time);
      await tx.query(CANCEL_SQL, [meter_id, customer_id, time, identifier]);
      return { identifier, meterId: meter_id, customerId: customer_id, timestamp: time };
    });
  }

  async aggregate(db: Db, spans: UsageSpan[]): Promise<UsageParts[]> {
    if (!spans.length) return [];
    await this.folder.foldWaiting(db);
    // Whole hours from the segments' sums; the partial hours at either edge from their events.
    // Pre-aggregated meters' spans from their events, one value per window.
    const whole: IndexedSpan[] = [];
    const edges: IndexedSpan[] = [];
    const windowed: IndexedSpan[] = [];
    spans.forEach((s, i) => {
      if (s.window) return windowed.push({ ...s, ...preAggregatedSpan(s, s.window), i });
      const h1 = Math.ceil(s.start / HOUR) * HOUR;
      const h2 = Math.floor(s.end / HOUR) * HOUR;
      if (h1 >= h2) return edges.push({ ...s, i });
      whole.push({ ...s, start: h1, end: h2, i });
      edges.push({ ...s, end: h1, i }, { ...s, start: h2, i });
    });
    const fromHours = await partsBySpan(db, HOURS_SQL, whole);
    // Each edge is its own span for the query (two per index): index them apart, then fold back.
    const edgeSpans = edges.map((e, k) => ({ ...e, i: k }));
    const fromRaw = await partsBySpan(db, EDGES_SQL, edgeSpans);
    const fromWindows = await partsBySpan(db, WINDOWED_SQL, windowed, true);
    const out = spans.map((_, i) => fromHours.get(i) ?? fromWindows.get(i) ?? EMPTY_PARTS);
    edgeSpans.forEach((e, k) => {
      const p = fromRaw.get(k);
      if (p) out[edges[k].i] = combineParts(out[edges[k].i], p);
    });
    return out;
  }

  async summarize(db: Db, span: UsageSpan, grouping: number): Promise<Array<{ start: number; end: number; parts: UsageParts }>> {
    const windows: UsageSpan[] = [];
    for (let s = span.start - (span.start % grouping); s < span.end; s += grouping)
      windows.push({ ...span, start: Math.max(s, span.start), end: Math.min(s + grouping, span.end) });
    const parts = await this.aggregate(db, windows);
    return windows.map((w, i) => ({ start: w.start, end: w.end, parts: parts[i] })).filter((w) => w.parts.count > 0);
  }

  async forgetCustomers(db: Db, customerIds: string[]): Promise<void> {
    if (!customerIds.length) return;
    await db.transaction(async (tx) => {
      await this.folder.foldWaiting(tx);
      await this.folder.lock(tx);
      for (const table of ['meter_event_segments', 'meter_event_identifiers'])
        await tx.query(`DELETE FROM ${table} WHERE customer_id = ANY($1)`, [customerIds]);
    });
  }
}
