-- Recurring usage allowances (Recur's own): N units of a metered subscription item per paid
-- period, refilled when the period's invoice is paid. `window_start` (in the object) is when the
-- current allowance began; usage since then draws it down.
CREATE TABLE usage_allowances (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  subscription_id text NOT NULL,
  data jsonb NOT NULL,
  subscription_item_id text NOT NULL GENERATED ALWAYS AS (data->>'subscription_item') STORED,
  overage text NOT NULL GENERATED ALWAYS AS (data->>'overage') STORED
);
CREATE UNIQUE INDEX usage_allowances_item ON usage_allowances (subscription_item_id);
CREATE INDEX usage_allowances_customer ON usage_allowances (customer_id, seq);
CREATE INDEX usage_allowances_subscription ON usage_allowances (subscription_id);
