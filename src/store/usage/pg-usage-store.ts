// The PostgreSQL usage store: raw events in monthly partitions, an identifier table for
// de-duplication and adjustments, and hourly aggregates per meter and customer kept up to date in
// the same statement that ingests a batch. Invoices read the hours, plus raw events only for the
// partial hours at a span's edges (a period need not start on the hour). Meters with an
// event_time_window are read from the raw events: one value per window, the latest arrival's.
import type { Db } from '../../core/db.ts';
import type { CanceledEvent, UsageEvent, UsageParts, UsageSpan, UsageStore } from '../../core/usage-store.ts';
import { combineParts, EMPTY_PARTS } from '../../domain/usage/meter-aggregation.ts';
import { preAggregatedSpan } from '../../domain/usage/pre-aggregation.ts';
import { EventPartitions } from './event-partitions.ts';

const HOUR = 3600;
const DEDUP_WINDOW = 24 * HOUR;

// One statement per batch: claim identifiers (new, or last seen over 24 h ago), keep the raw events
// that won, and fold them into their hours.
const INGEST_SQL = `
WITH input AS (
  SELECT identifier COLLATE "C" AS identifier, meter_id COLLATE "C" AS meter_id, customer_id COLLATE "C" AS customer_id, event_time, value, n
    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) WITH ORDINALITY AS t(identifier, meter_id, customer_id, event_time, value, n)
), first_of_each AS (
  SELECT DISTINCT ON (identifier) * FROM input ORDER BY identifier, n
), claimed AS (
  INSERT INTO meter_event_identifiers AS k (identifier, created, meter_id, customer_id, event_time, value)
  SELECT identifier, $6, meter_id, customer_id, event_time, value FROM first_of_each
  ON CONFLICT (identifier) DO UPDATE
    SET created = excluded.created, meter_id = excluded.meter_id, customer_id = excluded.customer_id,
        event_time = excluded.event_time, value = excluded.value, canceled = false
    WHERE k.created <= $6::bigint - ${DEDUP_WINDOW}
  RETURNING identifier, meter_id, customer_id, event_time, value
), raw AS (
  -- Arrival numbers follow the batch's order (output expressions are computed after the sort).
  INSERT INTO meter_events (event_time, meter_id, customer_id, identifier, value, created, arrival)
  SELECT c.event_time, c.meter_id, c.customer_id, c.identifier, c.value, $6, nextval('meter_event_arrival')
    FROM claimed c JOIN first_of_each f USING (identifier) ORDER BY f.n
), hours AS (
  INSERT INTO meter_usage_hours AS h (meter_id, customer_id, hour_start, value_sum, event_count, last_value, last_time, last_identifier)
  -- One sort serves the sums of each hour and its latest event (the first row of its group).
  SELECT DISTINCT ON (meter_id, customer_id, hour_start) meter_id, customer_id, hour_start,
         sum(value) OVER hour, count(*) OVER hour, value, event_time, identifier
    FROM (SELECT *, event_time - event_time % ${HOUR} AS hour_start FROM claimed) c
  WINDOW hour AS (PARTITION BY meter_id, customer_id, hour_start ORDER BY event_time DESC, identifier DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
   ORDER BY meter_id, customer_id, hour_start, event_time DESC, identifier DESC
  ON CONFLICT (meter_id, customer_id, hour_start) DO UPDATE SET
    value_sum = h.value_sum + excluded.value_sum,
    event_count = h.event_count + excluded.event_count,
    last_value = CASE WHEN h.last_time IS NULL OR (excluded.last_time, excluded.last_identifier) > (h.last_time, h.last_identifier) THEN excluded.last_value ELSE h.last_value END,
    last_identifier = CASE WHEN h.last_time IS NULL OR (excluded.last_time, excluded.last_identifier) > (h.last_time, h.last_identifier) THEN excluded.last_identifier ELSE h.last_identifier END,
    last_time = CASE WHEN h.last_time IS NULL OR (excluded.last_time, excluded.last_identifier) > (h.last_time, h.last_identifier) THEN excluded.last_time ELSE h.last_time END
)
SELECT count(*)::int AS accepted FROM claimed`;

const PARTS_COLUMNS = `
  sum(%v)::bigint AS s, sum(%c)::bigint AS c,
  (array_agg(%lv ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS lv,
  (array_agg(%lt ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS lt,
  (array_agg(%li ORDER BY %lt DESC NULLS LAST, %li DESC))[1] AS li`;
const partsColumns = (v: string, c: string, lv: string, lt: string, li: string) =>
  PARTS_COLUMNS.replaceAll('%v', v).replaceAll('%c', c).replaceAll('%lv', lv).replaceAll('%lt', lt).replaceAll('%li', li);

const SPANS = `unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS p(i, meter_id, customer_id, s, e)`;

const HOURS_SQL = `
SELECT p.i, ${partsColumns('u.value_sum', 'u.event_count', 'u.last_value', 'u.last_time', 'u.last_identifier')}
  FROM ${SPANS}
  JOIN meter_usage_hours u ON u.meter_id = p.meter_id AND u.customer_id = p.customer_id AND u.hour_start >= p.s AND u.hour_start < p.e
 GROUP BY p.i`;

const RAW_SQL = `
SELECT p.i, ${partsColumns('r.value', '1', 'r.value', 'r.event_time', 'r.identifier')}
  FROM ${SPANS}
  JOIN meter_events r ON r.meter_id = p.meter_id AND r.customer_id = p.customer_id AND r.event_time >= p.s AND r.event_time < p.e AND NOT r.canceled
 GROUP BY p.i`;

// Pre-aggregated spans (already aligned to their windows): the most recently received event of each
// window, then the parts of those, the latest window's value being the last.
const WINDOWED_SQL = `
SELECT p.i, ${partsColumns('w.value', '1', 'w.value', 'w.window_start', 'w.identifier')}
  FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::bigint[]) AS p(i, meter_id, customer_id, s, e, w)
 CROSS JOIN LATERAL (
   SELECT DISTINCT ON (r.event_time - r.event_time % p.w) r.event_time - r.event_time % p.w AS window_start, r.value, r.identifier
     FROM meter_events r
    WHERE r.meter_id = p.meter_id AND r.customer_id = p.customer_id AND r.event_time >= p.s AND r.event_time < p.e AND NOT r.canceled
    ORDER BY r.event_time - r.event_time % p.w, r.arrival DESC) w
 GROUP BY p.i`;

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

export class PgUsageStore implements UsageStore {
  private readonly partitions = new EventPartitions();

  async ingest(db: Db, events: UsageEvent[], now: number): Promise<{ accepted: number }> {
    if (!events.length) return { accepted: 0 };
    return db.transaction(async (tx) => {
      await this.partitions.ensure(tx, events.map((e) => e.timestamp));
      const rows = await tx.query(INGEST_SQL, [
        events.map((e) => e.identifier),
        events.map((e) => e.meterId),
        events.map((e) => e.customerId),
        events.map((e) => e.timestamp),
        events.map((e) => e.value),
        now,
      ]);
      return { accepted: Number(rows[0].accepted) };
    });
  }

  async cancel(db: Db, identifier: string): Promise<CanceledEvent | null> {
    return db.transaction(async (tx) => {
      const rows = await tx.query(
        `UPDATE meter_event_identifiers SET canceled = true WHERE identifier = $1 AND NOT canceled
         RETURNING meter_id, customer_id, event_time, value`,
        [identifier],
      );
      if (!rows.length) return null;
      const { meter_id, customer_id } = rows[0];
      const time = Number(rows[0].event_time);
      await tx.query(`UPDATE meter_events SET canceled = true WHERE event_time = $1 AND meter_id = $2 AND customer_id = $3 AND identifier = $4`, [
        time,
        meter_id,
        customer_id,
        identifier,
      ]);
      // The hour is recounted from its raw events: the latest value may be the one just canceled.
      const hour = time - (time % HOUR);
      await tx.query(
        `UPDATE meter_usage_hours h SET value_sum = r.s, event_count = r.c, last_value = r.lv, last_time = r.lt, last_identifier = r.li
           FROM (SELECT coalesce(sum(value), 0) AS s, count(*) AS c,
                        (array_agg(value ORDER BY event_time DESC, identifier DESC))[1] AS lv,
                        max(event_time) AS lt,
                        (array_agg(identifier ORDER BY event_time DESC, identifier DESC))[1] AS li
                   FROM meter_events WHERE meter_id = $1 AND customer_id = $2 AND event_time >= $3 AND event_time < $4 AND NOT canceled) r
          WHERE h.meter_id = $1 AND h.customer_id = $2 AND h.hour_start = $3`,
        [meter_id, customer_id, hour, hour + HOUR],
      );
      return { identifier, meterId: meter_id, customerId: customer_id, timestamp: time };
    });
  }

  async aggregate(db: Db, spans: UsageSpan[]): Promise<UsageParts[]> {
    // Whole hours from the aggregates; the partial hours at either edge from raw events.
    // Pre-aggregated meters' spans from their raw events, one value per window.
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
    const fromRaw = await partsBySpan(db, RAW_SQL, edgeSpans);
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
}
