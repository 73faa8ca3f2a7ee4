-- Webhooks: endpoints; one delivery per event and enabled endpoint that wants it, written by a
-- trigger in the transaction that records the event (so no committed event misses its
-- deliveries); and every delivery attempt with its outcome.

CREATE TABLE webhook_endpoints (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  -- The signing secret (whsec_…): shown once, in the create response; never in `data`.
  secret text NOT NULL,
  -- Engine-clock seconds since when every attempt to this endpoint has failed (null: the last one succeeded).
  failing_since bigint,
  data jsonb NOT NULL,
  status text GENERATED ALWAYS AS (data->>'status') STORED
);

CREATE TABLE webhook_deliveries (
  seq bigserial PRIMARY KEY,
  event_id text NOT NULL,
  -- The event's seq: deliveries about one object go out in this order, per endpoint.
  event_seq bigint NOT NULL,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  object_id text,
  -- pending, succeeded, failed (retries ran out).
  status text NOT NULL DEFAULT 'pending',
  attempt_count integer NOT NULL DEFAULT 0,
  -- Engine-clock seconds: 0 is due at once.
  next_attempt_at bigint NOT NULL DEFAULT 0,
  first_attempt_at bigint,
  -- Engine-clock seconds until which a sender holds the delivery (claimed, POST in flight).
  lease_until bigint NOT NULL DEFAULT 0,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, event_seq) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_object ON webhook_deliveries (endpoint_id, object_id, event_seq) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event_id text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (endpoint_id, seq);

-- Events are listed newest first within 30 days, and purged by age.
CREATE INDEX events_created ON events (created);

-- (The migrator splits statements at a semicolon that ends a line: the body keeps them mid-line.)
CREATE FUNCTION webhook_deliveries_from_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_deliveries (event_id, event_seq, endpoint_id, object_id) SELECT e.id, e.seq, w.id, e.object_id FROM new_events e JOIN webhook_endpoints w ON w.status = 'enabled' AND (w.data->'enabled_events' ? e.type OR w.data->'enabled_events' ? '*') ORDER BY e.seq, w.id; RETURN NULL; END $$;

CREATE TRIGGER events_webhook_deliveries AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_from_events();
