-- Invoices: the tax rates a line carries itself (lines show only the taxes computed from them),
-- the days_until_due a send_invoice invoice was created with (its due date is set from it at
-- finalization), and the columns invoice and invoice item lists filter on.

ALTER TABLE invoice_lines ADD COLUMN tax_rates jsonb NOT NULL DEFAULT '[]';
ALTER TABLE invoices ADD COLUMN collection_method text;
ALTER TABLE invoices ADD COLUMN due_date bigint;
ALTER TABLE invoices ADD COLUMN days_until_due int;
CREATE INDEX invoice_items_customer ON invoice_items (customer_id, seq);
