-- The dashboard's search text moves beside its objects, into tables that change only when the text
-- does. On customers and subscriptions themselves, every renewal's write (the next invoice number,
-- the new period) was a new row version that re-entered all its trigrams into the GIN indexes; the
-- engine paid for search on every renewal. Each search row carries its object's seq, so a search still
-- pages newest first from one table, and a subscription's row holds its customer's text as well.
-- (The migrator splits statements at a semicolon that ends a line: bodies keep them mid-line.)
CREATE TABLE customer_search (
  id text PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  text text NOT NULL
);
CREATE INDEX customer_search_seq ON customer_search (seq);

CREATE TABLE subscription_search (
  id text PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  customer_id text,
  text text NOT NULL
);
CREATE INDEX subscription_search_seq ON subscription_search (seq);
CREATE INDEX subscription_search_customer ON subscription_search (customer_id);

INSERT INTO customer_search (id, seq, text) SELECT id, seq, search_text FROM customers WHERE NOT deleted;
INSERT INTO subscription_search (id, seq, customer_id, text)
  SELECT s.id, s.seq, s.customer_id, s.search_text || ' ' || coalesce(c.search_text, '') FROM subscriptions s LEFT JOIN customers c ON c.id = s.customer_id;

DROP TRIGGER subscriptions_customer_text_insert ON subscriptions;
DROP TRIGGER subscriptions_customer_text_move ON subscriptions;
DROP TRIGGER customers_text_to_subscriptions ON customers;
DROP FUNCTION subscription_customer_text();
DROP FUNCTION customer_text_to_subscriptions();
DROP INDEX IF EXISTS subscriptions_customer_text_trgm;
DROP INDEX IF EXISTS subscriptions_search_trgm;
DROP INDEX IF EXISTS customers_search_trgm;
ALTER TABLE subscriptions DROP COLUMN customer_search_text;

-- A customer's text (gone once the customer is deleted) and, when it changes, its subscriptions' text.
CREATE FUNCTION customer_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.deleted THEN DELETE FROM customer_search WHERE id = NEW.id; ELSE INSERT INTO customer_search (id, seq, text) VALUES (NEW.id, NEW.seq, NEW.search_text) ON CONFLICT (id) DO UPDATE SET text = EXCLUDED.text; END IF;
  IF TG_OP = 'UPDATE' THEN UPDATE subscription_search x SET text = s.search_text || ' ' || NEW.search_text FROM subscriptions s WHERE x.customer_id = NEW.id AND s.id = x.id; END IF;
  RETURN NULL; END $$;

CREATE TRIGGER customers_search_insert AFTER INSERT ON customers
  FOR EACH ROW EXECUTE FUNCTION customer_search_sync();
CREATE TRIGGER customers_search_update AFTER UPDATE ON customers
  FOR EACH ROW WHEN (NEW.search_text IS DISTINCT FROM OLD.search_text OR NEW.deleted IS DISTINCT FROM OLD.deleted)
  EXECUTE FUNCTION customer_search_sync();

-- A subscription's own text (which names its customer) beside its customer's.
CREATE FUNCTION subscription_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO subscription_search (id, seq, customer_id, text)
    VALUES (NEW.id, NEW.seq, NEW.customer_id, NEW.search_text || ' ' || coalesce((SELECT c.search_text FROM customers c WHERE c.id = NEW.customer_id), ''))
    ON CONFLICT (id) DO UPDATE SET customer_id = EXCLUDED.customer_id, text = EXCLUDED.text;
  RETURN NULL; END $$;

CREATE TRIGGER subscriptions_search_insert AFTER INSERT ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION subscription_search_sync();
CREATE TRIGGER subscriptions_search_update AFTER UPDATE ON subscriptions
  FOR EACH ROW WHEN (NEW.search_text IS DISTINCT FROM OLD.search_text OR NEW.customer_id IS DISTINCT FROM OLD.customer_id)
  EXECUTE FUNCTION subscription_search_sync();

DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN EXECUTE 'CREATE INDEX customer_search_trgm ON customer_search USING gin (text gin_trgm_ops)'; EXECUTE 'CREATE INDEX subscription_search_trgm ON subscription_search USING gin (text gin_trgm_ops)'; END IF; END $$;
