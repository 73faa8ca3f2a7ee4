-- Scheduled events: `invoice.upcoming` some days before each renewal, and
-- `customer.subscription.trial_will_end` 3 days before a trial ends. When they fall comes from the
-- subscription object (generated columns); the engine records in plain columns which period end
-- and trial end it has announced, so an announced subscription leaves the partial indexes.
ALTER TABLE subscriptions ADD COLUMN upcoming_period_end bigint GENERATED ALWAYS AS (
  CASE WHEN data->>'status' IN ('active', 'past_due', 'trialing')
        AND NOT coalesce((data->>'cancel_at_period_end')::boolean, false)
        AND (data->>'cancel_at' IS NULL OR (data->>'cancel_at')::bigint > (jsonb_path_query_first(data, '$.items.data[0].current_period_end'))::bigint)
       THEN (jsonb_path_query_first(data, '$.items.data[0].current_period_end'))::bigint END) STORED;
ALTER TABLE subscriptions ADD COLUMN upcoming_announced_for bigint;
ALTER TABLE subscriptions ADD COLUMN trialing_until bigint GENERATED ALWAYS AS (
  CASE WHEN data->>'status' = 'trialing' THEN (data->>'trial_end')::bigint END) STORED;
ALTER TABLE subscriptions ADD COLUMN trial_end_announced_for bigint;
CREATE INDEX subscriptions_upcoming_unannounced ON subscriptions (upcoming_period_end) WHERE upcoming_period_end IS DISTINCT FROM upcoming_announced_for;
CREATE INDEX subscriptions_trial_end_unannounced ON subscriptions (trialing_until) WHERE trialing_until IS DISTINCT FROM trial_end_announced_for;
