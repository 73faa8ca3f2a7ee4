-- Acknowledged meter events waiting to be folded into the usage tables: one row per ingested batch,
-- its events as JSON arrays (one per field, in event order), written in the request's transaction
-- and answered once committed. Folding (store/usage/usage-fold.ts) de-duplicates identifiers, keeps
-- the raw events and adds them to their hours, then deletes the row: a row here is never counted
-- twice, and aggregation folds what is left before it reads.
CREATE TABLE meter_event_batches (
  seq bigserial PRIMARY KEY,
  -- Arrival (Unix seconds): the start of each identifier's 24-hour de-duplication window.
  created bigint NOT NULL,
  -- An event time in each month the events fall in, so folding creates the raw partitions it needs unparsed.
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

-- Raw events are written by folding, each chunk sorted by customer, meter and time: a BRIN index
-- (a summary per few pages) finds a customer's events at a span's edges nearly as fast as the btree
-- did, at a fraction of the cost of keeping a btree entry per event.
DROP INDEX meter_events_customer;
CREATE INDEX meter_events_customer ON meter_events USING brin (customer_id, meter_id, event_time) WITH (pages_per_range = 16, autosummarize = on);
