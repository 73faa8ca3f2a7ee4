-- A POST claims its Idempotency-Key in the same round trip as its command's first statements: this
-- guard takes the key's advisory lock and finds no row under the key, or raises RK001, which fails
-- the transaction and everything pipelined after it. The request then claims the key the careful
-- way (wait for the lock, read the stored answer) and runs the command again only if it may.
CREATE FUNCTION idempotency_claim_guard(lock_key text, p_api_key_id text, p_key text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended(lock_key, 0)) OR EXISTS (SELECT 1 FROM idempotency_keys WHERE api_key_id = p_api_key_id AND key = p_key) THEN RAISE EXCEPTION 'Idempotency-Key % is taken', p_key USING ERRCODE = 'RK001'; END IF;
  RETURN true; END $$;
