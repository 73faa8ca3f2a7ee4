-- Subscriptions: the columns their lists filter on (the current period and collection method,
-- lifted from the items and the object), and the items' own period for item lists.

ALTER TABLE subscriptions ADD COLUMN current_period_start bigint;
ALTER TABLE subscriptions ADD COLUMN current_period_end bigint;
ALTER TABLE subscriptions ADD COLUMN collection_method text;
CREATE INDEX subscriptions_test_clock ON subscriptions (test_clock, seq) WHERE test_clock IS NOT NULL;
CREATE INDEX subscription_items_live ON subscription_items (subscription_id, seq) WHERE NOT deleted;
