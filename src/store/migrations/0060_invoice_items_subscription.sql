-- Flexible billing mode reads a subscription's invoice items (pending debits, the debits a credit
-- names) on every change: find them by subscription instead of scanning.
CREATE INDEX IF NOT EXISTS invoice_items_subscription ON invoice_items (subscription_id, seq) WHERE subscription_id IS NOT NULL;
