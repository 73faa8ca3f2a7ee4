-- Account settings (the seller's details on invoices and PDFs, whether first invoices wait for
-- review) and subscription templates defined by admins (seed 000), both Recur objects kept in `data`.
CREATE TABLE account_settings (
  id text PRIMARY KEY,
  data jsonb NOT NULL
);

CREATE TABLE subscription_templates (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  active boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'active')::boolean, true)) STORED,
  data jsonb NOT NULL
);
