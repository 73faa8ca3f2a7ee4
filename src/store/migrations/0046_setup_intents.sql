-- SetupIntents: the object is stored whole; the customer and status columns are generated from it.
CREATE TABLE setup_intents (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  payment_method_id text GENERATED ALWAYS AS (coalesce(data->'payment_method'->>'id', data->>'payment_method')) STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED
);
CREATE INDEX setup_intents_customer ON setup_intents (customer_id, seq);
