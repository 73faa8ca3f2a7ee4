-- Payment attempts, recorded and committed before the gateway is called (phase 1) and finished in
-- a second transaction (phase 3). The gateway key is derived from the attempt's own id, so asking
-- again under it after a crash returns the first outcome instead of charging twice. At most one
-- attempt per intent and per invoice is in flight.
CREATE TABLE payment_attempts (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text,
  payment_intent_id text NOT NULL,
  invoice_id text,
  payment_method_id text NOT NULL,
  gateway_key text NOT NULL UNIQUE,
  status text NOT NULL,
  -- The instant the outcome is recorded at (the customer's test clock time, if any).
  at bigint NOT NULL,
  -- When a process last took charge of the attempt (database time): the engine finishes attempts
  -- left in processing longer than a lease.
  claimed_at double precision NOT NULL DEFAULT extract(epoch FROM clock_timestamp()),
  -- Attach the one-off payment method to this customer once the payment succeeds (setup_future_usage).
  save_method_to text,
  charge_id text
);
CREATE UNIQUE INDEX payment_attempts_one_per_intent ON payment_attempts (payment_intent_id) WHERE status = 'processing';
CREATE UNIQUE INDEX payment_attempts_one_per_invoice ON payment_attempts (invoice_id) WHERE status = 'processing' AND invoice_id IS NOT NULL;
CREATE INDEX payment_attempts_processing ON payment_attempts (claimed_at) WHERE status = 'processing';

-- The built-in test processor's own record of what it charged, by idempotency key, as an external
-- processor keeps one: written in its own statement, outside the application's transactions.
CREATE TABLE test_processor_ledger (
  idempotency_key text PRIMARY KEY,
  created double precision NOT NULL DEFAULT extract(epoch FROM clock_timestamp()),
  amount bigint NOT NULL,
  currency text NOT NULL,
  payment_method_id text NOT NULL,
  status text NOT NULL,
  result jsonb NOT NULL
);
