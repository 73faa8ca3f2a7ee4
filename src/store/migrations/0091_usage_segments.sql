-- Acknowledged meter events waiting to be folded into the usage tables: one row per ingested batch,
-- its events as JSON arrays (one per field, in event order), written in the request's transaction
-- and answered once committed. Folding (store/usage/usage-fold.ts) de-duplicates identifiers and
-- appends the counted events to meter_event_segments, then deletes the row: a row here is never
-- counted twice, and aggregation folds what is left before it reads.
CREATE TABLE meter_event_batches (
  seq bigserial PRIMARY KEY,
  -- Arrival (Unix seconds): the start of each identifier's 24-hour de-duplication window.
  created bigint NOT NULL,
  -- An event time in each month the events fall in, so folding creates the partitions it needs unparsed.
  months bigint[] NOT NULL,
  identifiers text NOT NULL,
  meter_ids text NOT NULL,
  customer_ids text NOT NULL,
  event_times text NOT NULL,
  event_values text NOT NULL
);

-- lz4 compresses a batch several times faster than the default pglz, where the server has it
-- (embedded PGlite does not: it keeps pglz).
DO $$
BEGIN
  ALTER TABLE meter_event_batches
    ALTER identifiers SET COMPRESSION lz4, ALTER meter_ids SET COMPRESSION lz4, ALTER customer_ids SET COMPRESSION lz4,
    ALTER event_times SET COMPRESSION lz4, ALTER event_values SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN NULL;
END $$;

-- Counted events, one row per meter, customer and hour for each chunk folded (a segment): the
-- events themselves as arrays, latest first (by time, then identifier), beside their sum, count and
-- latest event. It replaces a row per raw event plus an hourly aggregate kept by upserts: folding
-- only appends, whole hours add up their segments, and the partial hours at a span's edges unnest
-- them. Partitioned by the hour's UTC month (created on first write), so an old month is dropped.
CREATE TABLE meter_event_segments (
  -- What the hourly aggregates held (meter, customer, hour; sum, count, latest event), ...
  LIKE meter_usage_hours,
  -- ... and the events themselves, with their arrival numbers (pre-aggregated meters count the
  -- latest arrival of each window): a batch's sequence times 2^20, plus the event's place in it.
  event_times bigint[] NOT NULL,
  identifiers text[] COLLATE "C" NOT NULL,
  event_values bigint[] NOT NULL,
  arrivals bigint[] NOT NULL
) PARTITION BY RANGE (hour_start);
CREATE INDEX meter_event_segments_customer ON meter_event_segments (meter_id, customer_id, hour_start);

-- Usage recorded before this migration becomes segments, one per hour, month by month.
DO $$
DECLARE p record;
BEGIN
  FOR p IN SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) AS bound
             FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'meter_events'::regclass LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF meter_event_segments %s', replace(p.relname, 'meter_events_', 'meter_event_segments_'), p.bound);
  END LOOP;
END $$;
INSERT INTO meter_event_segments (meter_id, customer_id, hour_start, value_sum, event_count, last_value, last_time, last_identifier, event_times, identifiers, event_values, arrivals)
SELECT meter_id, customer_id, hour_start, s, c, vs[1], ts[1], ids[1], ts, ids, vs, arr
  FROM (SELECT meter_id, customer_id, hour_start, sum(value) AS s, count(*) AS c,
               array_agg(event_time ORDER BY event_time DESC, identifier DESC) AS ts,
               array_agg(identifier ORDER BY event_time DESC, identifier DESC) AS ids,
               array_agg(value ORDER BY event_time DESC, identifier DESC) AS vs,
               array_agg(arrival ORDER BY event_time DESC, identifier DESC) AS arr
          FROM (SELECT *, event_time - event_time % 3600 AS hour_start FROM meter_events WHERE NOT canceled) e
         GROUP BY meter_id, customer_id, hour_start) g;
-- Batches from now on arrive after every event recorded before.
SELECT setval(pg_get_serial_sequence('meter_event_batches', 'seq'), (SELECT coalesce(max(arrival), 0) FROM meter_events) / 1048576 + 1);
DROP TABLE meter_usage_hours;
DROP TABLE meter_events;
DROP SEQUENCE meter_event_arrival;
