-- Every invoice a subscription or a request creates carries a key that says which invoice it is, so
-- a second attempt to create the same one (a retried or stale request, a replayed change) hits a
-- unique index instead of making a duplicate. billing_period_key now holds any such key:
--   a renewal or a first invoice: the start of the period it bills (unchanged, 0002);
--   an always_invoice change:     'proration:<instant>:<latest invoice before it>';
--   a billing cycle anchor reset: 'anchor:<instant>:<latest invoice before it>';
--   a cancellation invoiced now:  'cancel' (a subscription ends once);
--   a manual invoice:             'manual:<the request's Idempotency-Key>'.
-- Subscription invoices are unique per subscription (invoices_one_per_period); manual invoices
-- without a subscription are unique per customer.
CREATE UNIQUE INDEX invoices_one_per_customer_key ON invoices (customer_id, billing_period_key)
  WHERE subscription_id IS NULL AND billing_period_key IS NOT NULL;
