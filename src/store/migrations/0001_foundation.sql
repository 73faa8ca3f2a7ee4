-- Foundation: API keys, idempotency, the event outbox, customers and the catalog.
-- Every object table keeps the Stripe-shaped object in `data` and lifts the columns
-- that are filtered, ordered or joined on. `seq` orders lists (newest first).

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  secret_hash text NOT NULL UNIQUE,
  created bigint NOT NULL
);

CREATE TABLE idempotency_keys (
  api_key_id text NOT NULL,
  key text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  params_hash text NOT NULL,
  status int NOT NULL,
  body text NOT NULL,
  created bigint NOT NULL,
  PRIMARY KEY (api_key_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created);

CREATE TABLE events (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  type text NOT NULL,
  created bigint NOT NULL,
  customer_id text,
  data jsonb NOT NULL
);
CREATE INDEX events_type ON events (type, seq);

CREATE TABLE customers (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  test_clock text,
  deleted boolean NOT NULL DEFAULT false,
  email text,
  data jsonb NOT NULL
);
CREATE INDEX customers_email ON customers (email);
CREATE INDEX customers_test_clock ON customers (test_clock) WHERE test_clock IS NOT NULL;

CREATE TABLE products (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  active boolean NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL
);

CREATE TABLE prices (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  product_id text NOT NULL REFERENCES products (id),
  active boolean NOT NULL,
  lookup_key text UNIQUE,
  data jsonb NOT NULL
);
CREATE INDEX prices_product ON prices (product_id);

CREATE TABLE coupons (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL
);

CREATE TABLE promotion_codes (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  code text NOT NULL,
  coupon_id text NOT NULL REFERENCES coupons (id),
  active boolean NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX promotion_codes_code ON promotion_codes (upper(code));

CREATE TABLE tax_rates (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  active boolean NOT NULL,
  data jsonb NOT NULL
);

CREATE TABLE customer_balance_transactions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  data jsonb NOT NULL
);
CREATE INDEX customer_balance_transactions_customer ON customer_balance_transactions (customer_id, seq);
