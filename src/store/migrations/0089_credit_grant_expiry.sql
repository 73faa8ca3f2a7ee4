-- Credit grants expire as due work (issue 9): at a grant's expires_at the engine debits what it
-- still holds as one `credits_expired` balance transaction. The grant's row carries its test clock
-- (from the object) and the engine's next instant for it; the unique index makes the expiry of a
-- grant a single transaction however often its work runs.
ALTER TABLE credit_grants ADD COLUMN test_clock text GENERATED ALWAYS AS (data->>'test_clock') STORED;
ALTER TABLE credit_grants ADD COLUMN next_action_at bigint;
UPDATE credit_grants SET next_action_at = (data->>'expires_at')::bigint WHERE data->>'voided_at' IS NULL;
CREATE INDEX credit_grants_due ON credit_grants (next_action_at, seq)
  WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX credit_grants_clock_due ON credit_grants (test_clock, next_action_at, seq)
  WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;
CREATE UNIQUE INDEX credit_balance_transactions_one_expiry ON credit_balance_transactions (credit_grant_id)
  WHERE data->'debit'->>'type' = 'credits_expired';
