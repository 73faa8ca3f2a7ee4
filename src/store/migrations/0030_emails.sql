-- Email notifications: the account's switches, the event types that may produce an email, a job
-- per such event written by a trigger in the transaction that records the event (so no event is
-- committed without its job), and the email log (every message rendered, with its send status).

-- One row per account (Recur has one: id 'account'); data holds account_name, owner_email and the
-- per-message switches (a message not named is on).
CREATE TABLE email_settings (
  id text PRIMARY KEY,
  data jsonb NOT NULL
);

-- The event types the email rules read (src/domain/notifications/email-rules.ts); a test checks
-- that the two lists agree. A new rule adds its type here in a new migration.
CREATE TABLE email_event_types (type text PRIMARY KEY);
INSERT INTO email_event_types (type) VALUES
  ('invoice.finalized'), ('invoice.sent'), ('invoice.paid'), ('invoice.payment_failed'),
  ('invoice.payment_action_required'), ('customer.subscription.trial_will_end'),
  ('customer.subscription.deleted'), ('charge.refunded');

-- Events waiting to be turned into emails by the engine (deleted when done).
CREATE TABLE email_jobs (
  seq bigserial PRIMARY KEY,
  event_id text NOT NULL UNIQUE
);

CREATE TABLE emails (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  created bigint NOT NULL,
  -- Each event produces each of its messages once: `evt_…/receipt` (or the sender's own key).
  dedupe_key text NOT NULL UNIQUE,
  -- System-clock seconds until which a sender holds the email (claimed, SMTP call in flight).
  lease_until bigint NOT NULL DEFAULT 0,
  data jsonb NOT NULL,
  message text GENERATED ALWAYS AS (data->>'message') STORED,
  status text GENERATED ALWAYS AS (data->>'status') STORED,
  customer_id text GENERATED ALWAYS AS (data->>'customer') STORED,
  event_id text GENERATED ALWAYS AS (data->>'event') STORED,
  next_attempt_at bigint GENERATED ALWAYS AS ((data->>'next_attempt_at')::bigint) STORED
);
CREATE INDEX emails_due ON emails (next_attempt_at, seq) WHERE status = 'pending';
CREATE INDEX emails_customer ON emails (customer_id, seq);

-- (The migrator splits statements at a semicolon that ends a line: the body keeps them mid-line.)
CREATE FUNCTION email_jobs_from_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_jobs (event_id) SELECT e.id FROM new_events e JOIN email_event_types t ON t.type = e.type ORDER BY e.seq; RETURN NULL; END $$;

CREATE TRIGGER events_email_jobs AFTER INSERT ON events
  REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION email_jobs_from_events();
