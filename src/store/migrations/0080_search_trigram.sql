-- The dashboard's search-as-you-type (search_text LIKE '%text%') answers from trigram indexes where
-- PostgreSQL has pg_trgm. Where it does not (embedded PGlite loads no extensions), the migration
-- still passes and search scans, which is quick at the sizes an embedded store holds.
-- Each DO block sits on one line: the migrator splits statements at a semicolon that ends a line.
DO $$ BEGIN CREATE EXTENSION IF NOT EXISTS pg_trgm; EXCEPTION WHEN OTHERS THEN RAISE NOTICE 'pg_trgm is not available: dashboard search scans'; END $$;

DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN EXECUTE 'CREATE INDEX IF NOT EXISTS customers_search_trgm ON customers USING gin (search_text gin_trgm_ops)'; EXECUTE 'CREATE INDEX IF NOT EXISTS subscriptions_search_trgm ON subscriptions USING gin (search_text gin_trgm_ops)'; END IF; END $$;

