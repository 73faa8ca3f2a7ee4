-- Credit notes. The object (with all its lines) is stored whole; the invoice, customer and status
-- columns lists filter on are generated from it.
CREATE TABLE credit_notes (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  invoice_id text GENERATED ALWAYS AS (coalesce(data->'invoice'->>'id', data->>'invoice')) STORED,
  customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED
);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice_id, seq);
CREATE INDEX credit_notes_customer ON credit_notes (customer_id, seq);
