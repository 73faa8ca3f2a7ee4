// Migration 0091 turns usage recorded by the older store (a row per raw event in monthly
// partitions, and hourly aggregates) into segments: what invoices read is unchanged (pre-aggregated
// meters still count each window's latest arrival), canceled events stay out, and each month keeps
// its partition.
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/recur.ts';
import { FEB_1, JAN_1 } from '../support/calendar.ts';
import { PgDb } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { PgUsageStore } from '../../src/store/usage/pg-usage-store.ts';
import { partsOf } from '../../src/domain/usage/meter-aggregation.ts';
import { preAggregatedParts } from '../../src/domain/usage/pre-aggregation.ts';

const SEGMENTS = '0091_usage_segments.sql';
const JAN = JAN_1;
const FEB = FEB_1;

let drop = async () => {};
let db: PgDb | undefined;
afterAll(async () => {
  await db?.close();
  await drop();
});

describe('migration to usage segments', () => {
  it('keeps the usage recorded before it', async () => {
    const t = await createTestDatabase();
    drop = t.drop;
    db = PgDb.connect(t.url, 2);
    // Every migration but the segments one, as an older version left the database.
    await db.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    await db.query('INSERT INTO schema_migrations (name) VALUES ($1)', [SEGMENTS]);
    await migrate(db);
    await db.query(`CREATE TABLE meter_events_y2026m01 PARTITION OF meter_events FOR VALUES FROM (${JAN}) TO (${FEB})`);
    const events = [
      { identifier: 'a', customer: 'cus_1', time: JAN + 3600 + 10, value: 5, canceled: false },
      { identifier: 'b', customer: 'cus_1', time: JAN + 3600 + 900, value: 7, canceled: false },
      { identifier: 'c', customer: 'cus_1', time: JAN + 3600 + 1800, value: 100, canceled: true },
      { identifier: 'd', customer: 'cus_1', time: JAN + 3 * 3600 + 5, value: 2, canceled: false },
      { identifier: 'e', customer: 'cus_2', time: JAN + 3600 + 20, value: 9, canceled: false },
    ];
    // Arrival numbers (migration 0088) not in time order: 'a' arrived after 'b'.
    const arrivals: Record<string, number> = { a: 9, b: 4, c: 12, d: 2, e: 1 };
    for (const e of events)
      await db.query('INSERT INTO meter_events (event_time, meter_id, customer_id, identifier, value, created, canceled, arrival) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
        e.time,
        'mtr_1',
        e.customer,
        e.identifier,
        e.value,
        JAN,
        e.canceled,
        arrivals[e.identifier],
      ]);
    await db.query('DELETE FROM schema_migrations WHERE name = $1', [SEGMENTS]);
    expect(await migrate(db)).toEqual([SEGMENTS]);

    const store = new PgUsageStore();
    // A whole span, and one that cuts the first hour (its edge is read from the segment's events).
    const spans = [
      { meterId: 'mtr_1', customerId: 'cus_1', start: JAN, end: FEB },
      { meterId: 'mtr_1', customerId: 'cus_1', start: JAN + 3600 + 500, end: JAN + 4 * 3600 },
      { meterId: 'mtr_1', customerId: 'cus_2', start: JAN, end: FEB },
    ];
    const kept = events.filter((e) => !e.canceled).map((e) => ({ ...e, timestamp: e.time }));
    expect(await store.aggregate(db, spans)).toEqual(
      spans.map((s) => partsOf(kept.filter((e) => e.customer === s.customerId && e.timestamp >= s.start && e.timestamp < s.end))),
    );
    // As an hourly pre-aggregated meter: each hour's latest arrival ('a' in the first hour, not 'b').
    const hourly = { meterId: 'mtr_1', customerId: 'cus_1', start: JAN, end: JAN + 5 * 3600, window: 3600 };
    const received = kept.filter((e) => e.customer === 'cus_1').map((e) => ({ ...e, arrival: arrivals[e.identifier] }));
    expect(await store.aggregate(db, [hourly])).toEqual([preAggregatedParts(received, hourly, 3600)]);
    expect((await store.aggregate(db, [hourly]))[0].sum).toBe(7); // 5 ('a', the first hour) + 2 ('d')
    // A batch ingested now arrives after all of them: it replaces 'd' in its hour.
    await store.ingest(db, [{ identifier: 'f', meterId: 'mtr_1', customerId: 'cus_1', timestamp: JAN + 3 * 3600 + 1, value: 40 }], JAN);
    expect((await store.aggregate(db, [hourly]))[0].sum).toBe(45); // 5 + 40
    const partitions = await db.query(`SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'meter_event_segments'::regclass`);
    expect(partitions.map((r) => r.relname)).toEqual(['meter_event_segments_y2026m01']);
  });
});
