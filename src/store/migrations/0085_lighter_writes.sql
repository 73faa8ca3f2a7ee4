-- Lighter writes for the outbox and the stored objects.
--
-- Events are written once and read back only as whole documents (the API and deliveries send the
-- JSON as it was recorded), so `data` is stored as `json` text: no jsonb conversion on the write
-- path, which is the heaviest write a renewal makes (about ten events, five of them carrying the
-- whole invoice). `object_id` is the id of `data.object`, written by the outbox beside it, so
-- events about one object are found (and ordered) without reading their documents.
ALTER TABLE events ALTER COLUMN data TYPE json USING data::json;
ALTER TABLE events ADD COLUMN object_id text;
UPDATE events SET object_id = data->'data'->'object'->>'id';
CREATE INDEX events_object ON events (object_id, seq);

-- Large stored documents are compressed with lz4 where the server has it (PostgreSQL built with
-- lz4, as Debian's is): several times cheaper to compress than the default pglz. The embedded
-- PGlite has no lz4 and keeps pglz. One statement a line: the migrator splits on line-ending semicolons.
DO $$ BEGIN ALTER TABLE events ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE invoices ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE invoice_lines ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE subscriptions ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE payment_intents ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE charges ALTER COLUMN data SET COMPRESSION lz4; ALTER TABLE customers ALTER COLUMN data SET COMPRESSION lz4; EXCEPTION WHEN feature_not_supported THEN NULL; END $$;
