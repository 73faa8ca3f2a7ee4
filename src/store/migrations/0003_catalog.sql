-- Catalog: the product and price columns their lists, searches and lookups filter on.

ALTER TABLE products ADD COLUMN shippable boolean;
ALTER TABLE products ADD COLUMN url text;
ALTER TABLE products ADD COLUMN type text NOT NULL DEFAULT 'service';
CREATE INDEX products_active ON products (active, seq) WHERE NOT deleted;

ALTER TABLE prices ADD COLUMN currency text NOT NULL DEFAULT 'usd';
ALTER TABLE prices ADD COLUMN type text NOT NULL DEFAULT 'one_time';
ALTER TABLE prices ADD COLUMN recurring_interval text;
ALTER TABLE prices ADD COLUMN usage_type text;
ALTER TABLE prices ADD COLUMN meter text;
DROP INDEX prices_product;
CREATE INDEX prices_product ON prices (product_id, seq);
CREATE INDEX prices_active ON prices (active, seq);
