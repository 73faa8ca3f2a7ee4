-- Customer tax ids (issue 10): one row per Stripe `tax_id` object, keyed by its id (txi_…), listed
-- per customer newest first. The customer column is generated from the object, as elsewhere. A tax
-- id is deleted outright (Stripe's retrieve of a deleted one is a 404), and with its customer.
CREATE TABLE customer_tax_ids (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  customer_id text NOT NULL REFERENCES customers (id) GENERATED ALWAYS AS (data->>'customer') STORED
);
CREATE INDEX customer_tax_ids_customer ON customer_tax_ids (customer_id, seq);
