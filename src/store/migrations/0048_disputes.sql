-- Disputes (chargebacks). The charge, intent and status columns are generated from the object;
-- customer_id is plain (the object names no customer), for lists and distribution by customer.
CREATE TABLE disputes (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  customer_id text,
  charge_id text GENERATED ALWAYS AS (coalesce(data->'charge'->>'id', data->>'charge')) STORED,
  payment_intent_id text GENERATED ALWAYS AS (coalesce(data->'payment_intent'->>'id', data->>'payment_intent')) STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED
);
CREATE INDEX disputes_charge ON disputes (charge_id, seq);

-- Disputes a gateway reported, waiting for the instant they open (on the customer's test clock,
-- if any, else the system clock). One per charge; opened once.
CREATE TABLE reported_disputes (
  charge_id text PRIMARY KEY,
  customer_id text,
  test_clock text,
  amount bigint NOT NULL,
  reason text NOT NULL,
  opens_at bigint NOT NULL,
  dispute_id text
);
CREATE INDEX reported_disputes_due ON reported_disputes (opens_at) WHERE dispute_id IS NULL;
