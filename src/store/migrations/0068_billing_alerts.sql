-- Billing alerts (usage thresholds per meter, optionally per customer) and, for one_time alerts,
-- the customers each has already fired for (the primary key makes it fire once).
CREATE TABLE billing_alerts (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  data jsonb NOT NULL,
  meter_id text GENERATED ALWAYS AS (data->'usage_threshold'->>'meter') STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED
);
CREATE INDEX billing_alerts_meter ON billing_alerts (meter_id) WHERE status = 'active';

CREATE TABLE billing_alert_triggers (
  alert_id text NOT NULL REFERENCES billing_alerts (id),
  customer_id text NOT NULL,
  created bigint NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (alert_id, customer_id)
);
