-- Refunds. The charge, intent and customer columns are generated from the object. A refund is
-- recorded (gateway_state 'processing') and committed before the gateway is asked to make it,
-- under a key derived from the refund's own id; the outcome is recorded in a second transaction
-- ('done').
CREATE TABLE refunds (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  charge_id text GENERATED ALWAYS AS (coalesce(data->'charge'->>'id', data->>'charge')) STORED,
  payment_intent_id text GENERATED ALWAYS AS (coalesce(data->'payment_intent'->>'id', data->>'payment_intent')) STORED,
  customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED,
  gateway_key text NOT NULL UNIQUE,
  gateway_state text NOT NULL DEFAULT 'processing',
  -- When the refund was recorded (database time): the engine finishes refunds left processing
  -- longer than a lease by asking the gateway again under the same key.
  claimed_at double precision NOT NULL DEFAULT extract(epoch FROM clock_timestamp())
);
CREATE INDEX refunds_charge ON refunds (charge_id, seq);
CREATE INDEX refunds_payment_intent ON refunds (payment_intent_id, seq);
CREATE INDEX refunds_processing ON refunds (claimed_at) WHERE gateway_state = 'processing';
