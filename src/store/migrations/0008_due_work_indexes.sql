-- Due work at scale: the engine claims `ORDER BY next_action_at, seq`, so the due indexes carry seq
-- (thousands of renewals due at one instant are read in order, not sorted on every claim), and a
-- payment attempt finds its invoice's unfinished PaymentIntent by index.

DROP INDEX subscriptions_due;
CREATE INDEX subscriptions_due ON subscriptions (next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
DROP INDEX subscriptions_clock_due;
CREATE INDEX subscriptions_clock_due ON subscriptions (test_clock, next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;
DROP INDEX invoices_due;
CREATE INDEX invoices_due ON invoices (next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
DROP INDEX invoices_clock_due;
CREATE INDEX invoices_clock_due ON invoices (test_clock, next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;
CREATE INDEX payment_intents_invoice ON payment_intents (invoice_id, seq) WHERE invoice_id IS NOT NULL;
