-- What the dashboard's search-as-you-type matches: one lowercased text per customer (id, name, email,
-- phone, description, metadata) and per subscription (id, customer, metadata), generated from the
-- object so it can never disagree with it. Searches page newest first by seq.
ALTER TABLE customers
  ADD COLUMN search_text text GENERATED ALWAYS AS (lower(
    id || ' ' || coalesce(data->>'name', '') || ' ' || coalesce(data->>'email', '') || ' ' || coalesce(data->>'phone', '')
      || ' ' || coalesce(data->>'description', '') || ' ' || coalesce((data->'metadata')::text, '')
  )) STORED;

ALTER TABLE subscriptions
  ADD COLUMN search_text text GENERATED ALWAYS AS (lower(
    id || ' ' || coalesce(data->'customer'->>'id', data->>'customer', '') || ' ' || coalesce(data->>'description', '') || ' ' || coalesce((data->'metadata')::text, '')
  )) STORED;

-- A customer's timeline in the dashboard reads their events newest first.
CREATE INDEX events_customer ON events (customer_id, seq) WHERE customer_id IS NOT NULL;
