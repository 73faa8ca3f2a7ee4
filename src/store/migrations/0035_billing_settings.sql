-- The account's billing settings (Recur's own /v1/recur/settings/billing): the payment retry
-- schedule and what happens when it runs out. One row per account; no row means the defaults.
CREATE TABLE billing_settings (
  account text PRIMARY KEY,
  data jsonb NOT NULL
);

-- Where an overdue send_invoice invoice is in the dunning policy: when it was found overdue and
-- when the end-of-dunning policy was applied to it. Each step happens once per invoice.
CREATE TABLE invoice_dunning (
  invoice_id text PRIMARY KEY,
  overdue_at bigint,
  ended_at bigint
);
