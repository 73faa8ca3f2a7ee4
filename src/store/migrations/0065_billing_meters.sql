-- Billing meters and the usage they count.
--
-- Keys of the usage tables compare bytewise (COLLATE "C"): cheaper to sort and index than a
-- language collation on the ingestion path, and ties in time go to the greater identifier exactly
-- as in domain/usage.
--
-- Meters are Stripe objects (`data`), with the columns lists and ingestion look up generated from it.
-- An active meter owns its event_name.
CREATE TABLE billing_meters (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  event_name text NOT NULL GENERATED ALWAYS AS (data->>'event_name') STORED,
  status text NOT NULL GENERATED ALWAYS AS (data->>'status') STORED
);
CREATE UNIQUE INDEX billing_meters_active_event_name ON billing_meters (event_name) WHERE status = 'active';

-- One row per accepted identifier: the de-duplication key (an identifier counts once within 24
-- hours of its arrival; a row older than that may be taken over) and what an adjustment needs to
-- undo the event. Rows older than a day serve only cancellations and can be pruned.
CREATE TABLE meter_event_identifiers (
  identifier text COLLATE "C" PRIMARY KEY,
  created bigint NOT NULL,
  meter_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  event_time bigint NOT NULL,
  value bigint NOT NULL,
  canceled boolean NOT NULL DEFAULT false
);

-- Raw events, for audit and for the exact edges of a period, partitioned by event time (one
-- partition per month, created by the usage store before it writes there) so old months are dropped.
CREATE TABLE meter_events (
  event_time bigint NOT NULL,
  meter_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  identifier text COLLATE "C" NOT NULL,
  value bigint NOT NULL,
  created bigint NOT NULL,
  canceled boolean NOT NULL DEFAULT false
) PARTITION BY RANGE (event_time);
CREATE INDEX meter_events_customer ON meter_events (meter_id, customer_id, event_time);

-- Usage per meter, customer and hour, maintained as events arrive (same transaction): sum and
-- count of the events, and the latest event's value with its time (for the `last` formula).
-- Room is left on each page (fillfactor) so that the many updates of an hour's row stay HOT:
-- no new index entry per update.
CREATE TABLE meter_usage_hours (
  meter_id text COLLATE "C" NOT NULL,
  customer_id text COLLATE "C" NOT NULL,
  hour_start bigint NOT NULL,
  value_sum bigint NOT NULL,
  event_count bigint NOT NULL,
  last_value bigint,
  last_time bigint,
  last_identifier text COLLATE "C",
  PRIMARY KEY (meter_id, customer_id, hour_start)
) WITH (fillfactor = 70);

-- Short-lived tokens of the v2 high-volume stream (POST /v2/billing/meter_event_session).
CREATE TABLE meter_event_sessions (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  created bigint NOT NULL,
  expires_at bigint NOT NULL
);
