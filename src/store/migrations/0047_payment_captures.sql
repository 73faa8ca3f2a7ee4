-- Captures and cancellations of authorized payments (capture_method manual), in three phases like
-- a charge: recorded 'processing' and committed, the gateway asked outside any transaction under
-- gateway_key, the outcome recorded in a second transaction ('done'). One per intent: asking again
-- while one is processing asks the gateway again under the same key.
CREATE TABLE payment_captures (
  payment_intent_id text PRIMARY KEY,
  customer_id text,
  kind text NOT NULL,
  amount bigint NOT NULL,
  charge_key text NOT NULL,
  gateway_key text NOT NULL UNIQUE,
  state text NOT NULL DEFAULT 'processing',
  created double precision NOT NULL DEFAULT extract(epoch FROM clock_timestamp())
);
