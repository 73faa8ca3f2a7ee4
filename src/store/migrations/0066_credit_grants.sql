-- Billing credit grants and their balance transactions. A grant's remaining amount is the sum of
-- its transactions (+ granted, − applied, voided or expired), so it is never stored twice.
CREATE TABLE credit_grants (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id),
  data jsonb NOT NULL
);
CREATE INDEX credit_grants_customer ON credit_grants (customer_id, seq);

CREATE TABLE credit_balance_transactions (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  customer_id text NOT NULL,
  credit_grant_id text NOT NULL REFERENCES credit_grants (id),
  amount bigint NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX credit_balance_transactions_grant ON credit_balance_transactions (credit_grant_id, seq);
CREATE INDEX credit_balance_transactions_customer ON credit_balance_transactions (customer_id, seq);
