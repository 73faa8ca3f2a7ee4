-- The billing engine: test clocks, subscriptions and their items, invoices with their lines,
-- pending invoice items, metered usage, invoice payments.
-- Due work is found through partial indexes on next_action_at.

CREATE TABLE test_clocks (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  frozen_time bigint NOT NULL,
  status text NOT NULL,
  data jsonb NOT NULL
);

CREATE TABLE subscriptions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  test_clock text,
  status text NOT NULL,
  next_action_at bigint,
  data jsonb NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_id, seq);
CREATE INDEX subscriptions_status ON subscriptions (status, seq);
CREATE INDEX subscriptions_due ON subscriptions (next_action_at) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX subscriptions_clock_due ON subscriptions (test_clock, next_action_at) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;

CREATE TABLE subscription_items (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL,
  subscription_id text NOT NULL REFERENCES subscriptions (id),
  price_id text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL
);
CREATE INDEX subscription_items_subscription ON subscription_items (subscription_id, seq);
CREATE INDEX subscription_items_price ON subscription_items (price_id);

CREATE TABLE invoices (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  subscription_id text,
  test_clock text,
  status text NOT NULL,
  number text UNIQUE,
  -- The subscription period this invoice bills ('' for invoices that bill no period):
  -- a subscription's period is invoiced exactly once.
  billing_period_key text,
  next_action_at bigint,
  data jsonb NOT NULL
);
CREATE UNIQUE INDEX invoices_one_per_period ON invoices (subscription_id, billing_period_key)
  WHERE subscription_id IS NOT NULL AND billing_period_key IS NOT NULL;
CREATE INDEX invoices_customer ON invoices (customer_id, seq);
CREATE INDEX invoices_subscription ON invoices (subscription_id, seq);
CREATE INDEX invoices_status ON invoices (status, seq);
CREATE INDEX invoices_due ON invoices (next_action_at) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX invoices_clock_due ON invoices (test_clock, next_action_at) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;

CREATE TABLE invoice_lines (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL,
  invoice_id text NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  data jsonb NOT NULL
);
CREATE INDEX invoice_lines_invoice ON invoice_lines (invoice_id, seq);

CREATE TABLE invoice_items (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  subscription_id text,
  invoice_id text,
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL
);
CREATE INDEX invoice_items_pending ON invoice_items (customer_id) WHERE invoice_id IS NULL AND NOT deleted;
CREATE INDEX invoice_items_invoice ON invoice_items (invoice_id);

-- Metered usage, aggregated per subscription item and period; filled by metering (meter events).
CREATE TABLE usage_totals (
  customer_id text NOT NULL,
  subscription_item_id text NOT NULL,
  period_start bigint NOT NULL,
  period_end bigint NOT NULL,
  quantity numeric NOT NULL DEFAULT 0,
  PRIMARY KEY (subscription_item_id, period_start)
);

CREATE TABLE invoice_payments (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL,
  invoice_id text NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
  data jsonb NOT NULL
);
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id, seq);

CREATE TABLE payment_methods (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text,
  data jsonb NOT NULL
);
CREATE INDEX payment_methods_customer ON payment_methods (customer_id, seq);

CREATE TABLE payment_intents (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text,
  invoice_id text,
  status text NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX payment_intents_customer ON payment_intents (customer_id, seq);

CREATE TABLE charges (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text,
  payment_intent_id text,
  data jsonb NOT NULL
);
CREATE INDEX charges_customer ON charges (customer_id, seq);
CREATE INDEX charges_payment_intent ON charges (payment_intent_id);

-- Discounts: a coupon applied to a customer, subscription, subscription item, invoice or invoice item.
CREATE TABLE discounts (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text,
  subscription_id text,
  invoice_id text,
  data jsonb NOT NULL
);
CREATE INDEX discounts_subscription ON discounts (subscription_id);
CREATE INDEX discounts_invoice ON discounts (invoice_id);
