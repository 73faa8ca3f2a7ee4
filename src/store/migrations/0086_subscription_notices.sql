-- Scheduled notices of a subscription (issue 8): `customer.subscription.trial_will_end` three days
-- before a trial ends and `invoice.upcoming` some days before a renewal charged automatically
-- (billing settings' upcoming_invoice_days, 7 by default; 0 turns it off). A trigger schedules one
-- row per trial end and per period end as the subscription is written; the engine claims due rows
-- like any due work (test clocks included) and records the event if it still holds then.
CREATE TABLE subscription_notices (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  subscription_id text NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  kind text NOT NULL,
  for_instant bigint NOT NULL,
  test_clock text,
  next_action_at bigint
);
CREATE INDEX subscription_notices_due ON subscription_notices (next_action_at, seq)
  WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX subscription_notices_clock_due ON subscription_notices (test_clock, next_action_at, seq)
  WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;

CREATE FUNCTION recur_schedule_subscription_notices() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  trial_end bigint := (NEW.data->>'trial_end')::bigint;
  cancel_at bigint := (NEW.data->>'cancel_at')::bigint;
  created bigint := (NEW.data->>'created')::bigint;
  days int;
BEGIN
  IF NEW.status = 'trialing' AND trial_end IS NOT NULL THEN
    INSERT INTO subscription_notices (id, subscription_id, kind, for_instant, test_clock, next_action_at)
    VALUES (NEW.id || ':trial_will_end:' || trial_end, NEW.id, 'trial_will_end', trial_end, NEW.test_clock,
            greatest(trial_end - 3 * 86400, created))
    ON CONFLICT (id) DO NOTHING;
  END IF;
  IF NEW.status IN ('trialing', 'active', 'past_due') AND NEW.collection_method = 'charge_automatically'
     AND NEW.current_period_end IS NOT NULL AND (cancel_at IS NULL OR cancel_at > NEW.current_period_end) THEN
    SELECT (data->>'upcoming_invoice_days')::int INTO days FROM billing_settings WHERE account = 'default';
    days := coalesce(days, 7);
    IF days > 0 AND NEW.current_period_end - days * 86400 >= NEW.current_period_start THEN
      INSERT INTO subscription_notices (id, subscription_id, kind, for_instant, test_clock, next_action_at)
      VALUES (NEW.id || ':invoice_upcoming:' || NEW.current_period_end, NEW.id, 'invoice_upcoming', NEW.current_period_end,
              NEW.test_clock, NEW.current_period_end - days * 86400)
      ON CONFLICT (id) DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER subscriptions_schedule_notices AFTER INSERT OR UPDATE OF data ON subscriptions
  FOR EACH ROW EXECUTE FUNCTION recur_schedule_subscription_notices();
