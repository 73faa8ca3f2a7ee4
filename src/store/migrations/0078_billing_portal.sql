-- The customer portal: configurations (what the portal allows) and sessions (one customer, a secret
-- URL that expires). Only the hash of a session's secret is stored.
CREATE TABLE billing_portal_configurations (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  is_default boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'is_default')::boolean, false)) STORED,
  active boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'active')::boolean, true)) STORED,
  data jsonb NOT NULL
);
CREATE UNIQUE INDEX billing_portal_configurations_default ON billing_portal_configurations (is_default) WHERE is_default;

CREATE TABLE billing_portal_sessions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  secret_hash text NOT NULL UNIQUE,
  expires_at bigint NOT NULL,
  data jsonb NOT NULL
);
