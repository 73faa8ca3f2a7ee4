-- A credit note that refunds the card is written before its refund is made, pending (hidden from
-- the API) and naming the refund begun in the same transaction; it is issued once the refund
-- succeeds, or removed again when the refund is refused. The engine finishes the pending ones a
-- dead process left behind by this column.
ALTER TABLE credit_notes ADD COLUMN pending_refund text GENERATED ALWAYS AS (data->'pending'->>'refund') STORED;
CREATE INDEX credit_notes_pending_refund ON credit_notes (pending_refund) WHERE pending_refund IS NOT NULL;
