-- Storage that reports: every column lifted from an object is now computed by PostgreSQL from the
-- stored object (`data`), so the two can never disagree, and reports read money, periods and
-- statuses in SQL. Writers store the object only; deleting marks the object itself
-- (`"deleted": true`) and the `deleted` column follows it.
--
-- Columns that stay plain, written once by their repository, because the object does not carry them:
--   `id`, `created`            the identity, taken from the object by the one insert of each table;
--   `*.customer_id` of child rows whose object names no customer (invoice lines, invoice payments,
--                              subscription items): the owner's id, for distribution by customer;
--   `invoice_lines.invoice_id`, `invoice_payments.invoice_id`: the parent key, fixed at insert;
--   `invoices.billing_period_key`: the unique key of the period (or change) an invoice bills;
--   `invoices.days_until_due`: the terms an invoice was created with (Stripe keeps them off the object);
--   `payment_intents.invoice_id`: this API version's intent has no invoice field;
--   `subscriptions.next_action_at`, `invoices.next_action_at`: engine scheduling, computed by one
--                              function each (next-action.ts, invoice-store.ts) on every save;
--   `events.customer_id`: the outbox's routing key.
--
-- An older database is converted in place: flags that lived only in columns move into the
-- objects first, then each lifted column is dropped and added back as a generated one (one rewrite
-- per table), and the indexes and constraints that depended on it are recreated.

-- The earliest current period bound of a subscription's items (the items carry the periods).
CREATE FUNCTION recur_items_period(s jsonb, bound text) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT min((i->>bound)::bigint) FROM jsonb_array_elements(s->'items'->'data') i $$;

UPDATE customers SET data = data || '{"deleted": true}' WHERE deleted AND data->'deleted' IS NULL;
UPDATE products SET data = data || '{"deleted": true, "active": false}' WHERE deleted AND data->'deleted' IS NULL;
UPDATE coupons SET data = data || '{"deleted": true, "valid": false}' WHERE deleted AND data->'deleted' IS NULL;
UPDATE invoice_items SET data = data || '{"deleted": true}' WHERE deleted AND data->'deleted' IS NULL;
UPDATE subscription_items SET data = data || '{"deleted": true}' WHERE deleted AND data->'deleted' IS NULL;

ALTER TABLE customers
  DROP COLUMN test_clock,
  DROP COLUMN deleted,
  DROP COLUMN email,
  ADD COLUMN test_clock text GENERATED ALWAYS AS (coalesce(data->'test_clock'->>'id', data->>'test_clock')) STORED,
  ADD COLUMN deleted boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'deleted')::boolean, false)) STORED,
  ADD COLUMN email text GENERATED ALWAYS AS (data->>'email') STORED;
CREATE INDEX customers_email ON customers (email);
CREATE INDEX customers_test_clock ON customers (test_clock) WHERE test_clock IS NOT NULL;

ALTER TABLE products
  DROP COLUMN active,
  DROP COLUMN deleted,
  DROP COLUMN shippable,
  DROP COLUMN url,
  DROP COLUMN type,
  ADD COLUMN active boolean NOT NULL GENERATED ALWAYS AS ((data->>'active')::boolean) STORED,
  ADD COLUMN deleted boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'deleted')::boolean, false)) STORED,
  ADD COLUMN shippable boolean GENERATED ALWAYS AS ((data->>'shippable')::boolean) STORED,
  ADD COLUMN url text GENERATED ALWAYS AS (data->>'url') STORED,
  ADD COLUMN type text NOT NULL GENERATED ALWAYS AS (coalesce(data->>'type', 'service')) STORED;
CREATE INDEX products_active ON products (active, seq) WHERE NOT deleted;

ALTER TABLE prices
  DROP COLUMN product_id,
  DROP COLUMN active,
  DROP COLUMN lookup_key,
  DROP COLUMN currency,
  DROP COLUMN type,
  DROP COLUMN recurring_interval,
  DROP COLUMN usage_type,
  DROP COLUMN meter,
  ADD COLUMN product_id text NOT NULL REFERENCES products (id)
    GENERATED ALWAYS AS (coalesce(data->'product'->>'id', data->>'product')) STORED,
  ADD COLUMN active boolean NOT NULL GENERATED ALWAYS AS ((data->>'active')::boolean) STORED,
  ADD COLUMN lookup_key text GENERATED ALWAYS AS (data->>'lookup_key') STORED,
  ADD COLUMN currency text NOT NULL GENERATED ALWAYS AS (data->>'currency') STORED,
  ADD COLUMN type text NOT NULL GENERATED ALWAYS AS (data->>'type') STORED,
  ADD COLUMN recurring_interval text GENERATED ALWAYS AS (data->'recurring'->>'interval') STORED,
  ADD COLUMN usage_type text GENERATED ALWAYS AS (data->'recurring'->>'usage_type') STORED,
  ADD COLUMN meter text GENERATED ALWAYS AS (data->'recurring'->>'meter') STORED;
CREATE UNIQUE INDEX prices_lookup_key ON prices (lookup_key);
CREATE INDEX prices_product ON prices (product_id, seq);
CREATE INDEX prices_active ON prices (active, seq);

ALTER TABLE coupons
  DROP COLUMN deleted,
  ADD COLUMN deleted boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'deleted')::boolean, false)) STORED;

ALTER TABLE promotion_codes
  DROP COLUMN code,
  DROP COLUMN coupon_id,
  DROP COLUMN active,
  DROP COLUMN customer_id,
  ADD COLUMN code text NOT NULL GENERATED ALWAYS AS (data->>'code') STORED,
  ADD COLUMN coupon_id text NOT NULL REFERENCES coupons (id)
    GENERATED ALWAYS AS (coalesce(data->'promotion'->'coupon'->>'id', data->'promotion'->>'coupon')) STORED,
  ADD COLUMN active boolean NOT NULL GENERATED ALWAYS AS ((data->>'active')::boolean) STORED,
  ADD COLUMN customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED;
CREATE INDEX promotion_codes_code ON promotion_codes (upper(code));
CREATE INDEX promotion_codes_coupon ON promotion_codes (coupon_id, seq);
CREATE INDEX promotion_codes_customer ON promotion_codes (customer_id, seq) WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX promotion_codes_active_code ON promotion_codes (upper(code)) WHERE active;

ALTER TABLE tax_rates
  DROP COLUMN active,
  DROP COLUMN inclusive,
  ADD COLUMN active boolean NOT NULL GENERATED ALWAYS AS ((data->>'active')::boolean) STORED,
  ADD COLUMN inclusive boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'inclusive')::boolean, false)) STORED;
CREATE INDEX tax_rates_active ON tax_rates (active, seq);

ALTER TABLE customer_balance_transactions
  DROP COLUMN customer_id,
  ADD COLUMN customer_id text NOT NULL REFERENCES customers (id)
    GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED;
CREATE INDEX customer_balance_transactions_customer ON customer_balance_transactions (customer_id, seq);

ALTER TABLE test_clocks
  DROP COLUMN frozen_time,
  DROP COLUMN status,
  ADD COLUMN frozen_time bigint NOT NULL GENERATED ALWAYS AS ((data->>'frozen_time')::bigint) STORED,
  ADD COLUMN status text NOT NULL GENERATED ALWAYS AS (data->>'status') STORED;

-- Subscriptions: the current period is the earliest of the items' (a subscription without items
-- shows its anchor, as before).
ALTER TABLE subscriptions
  DROP COLUMN customer_id,
  DROP COLUMN test_clock,
  DROP COLUMN status,
  DROP COLUMN current_period_start,
  DROP COLUMN current_period_end,
  DROP COLUMN collection_method,
  ADD COLUMN customer_id text NOT NULL REFERENCES customers (id)
    GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN test_clock text GENERATED ALWAYS AS (coalesce(data->'test_clock'->>'id', data->>'test_clock')) STORED,
  ADD COLUMN status text NOT NULL GENERATED ALWAYS AS (data->>'status') STORED,
  ADD COLUMN currency text GENERATED ALWAYS AS (data->>'currency') STORED,
  ADD COLUMN current_period_start bigint
    GENERATED ALWAYS AS (coalesce(recur_items_period(data, 'current_period_start'), (data->>'billing_cycle_anchor')::bigint)) STORED,
  ADD COLUMN current_period_end bigint
    GENERATED ALWAYS AS (coalesce(recur_items_period(data, 'current_period_end'), (data->>'billing_cycle_anchor')::bigint)) STORED,
  ADD COLUMN collection_method text GENERATED ALWAYS AS (data->>'collection_method') STORED;
CREATE INDEX subscriptions_customer ON subscriptions (customer_id, seq);
CREATE INDEX subscriptions_status ON subscriptions (status, seq);
CREATE INDEX subscriptions_test_clock ON subscriptions (test_clock, seq) WHERE test_clock IS NOT NULL;
CREATE INDEX subscriptions_due ON subscriptions (next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX subscriptions_clock_due ON subscriptions (test_clock, next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;

-- Subscription items carry the price they bill (a copy of the price object), so MRR needs no join:
-- the amount per unit (unit_amount_decimal, exact), the interval and the usage type.
ALTER TABLE subscription_items
  DROP COLUMN subscription_id,
  DROP COLUMN price_id,
  DROP COLUMN deleted,
  ADD COLUMN subscription_id text NOT NULL REFERENCES subscriptions (id)
    GENERATED ALWAYS AS (data->>'subscription') STORED,
  ADD COLUMN price_id text NOT NULL GENERATED ALWAYS AS (data->'price'->>'id') STORED,
  ADD COLUMN deleted boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'deleted')::boolean, false)) STORED,
  ADD COLUMN quantity bigint GENERATED ALWAYS AS ((data->>'quantity')::bigint) STORED,
  ADD COLUMN currency text GENERATED ALWAYS AS (data->'price'->>'currency') STORED,
  ADD COLUMN billing_scheme text GENERATED ALWAYS AS (data->'price'->>'billing_scheme') STORED,
  ADD COLUMN unit_amount_decimal numeric
    GENERATED ALWAYS AS (coalesce(data->'price'->>'unit_amount_decimal', data->'price'->>'unit_amount')::numeric) STORED,
  ADD COLUMN recurring_interval text GENERATED ALWAYS AS (data->'price'->'recurring'->>'interval') STORED,
  ADD COLUMN recurring_interval_count int GENERATED ALWAYS AS ((data->'price'->'recurring'->>'interval_count')::int) STORED,
  ADD COLUMN usage_type text GENERATED ALWAYS AS (data->'price'->'recurring'->>'usage_type') STORED;
CREATE INDEX subscription_items_subscription ON subscription_items (subscription_id, seq);
CREATE INDEX subscription_items_price ON subscription_items (price_id);
CREATE INDEX subscription_items_live ON subscription_items (subscription_id, seq) WHERE NOT deleted;

-- Invoices: their money, currency, period and the instants receivables age from.
ALTER TABLE invoices
  DROP COLUMN customer_id,
  DROP COLUMN subscription_id,
  DROP COLUMN test_clock,
  DROP COLUMN status,
  DROP COLUMN number,
  DROP COLUMN collection_method,
  DROP COLUMN due_date,
  ADD COLUMN customer_id text NOT NULL REFERENCES customers (id)
    GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN subscription_id text GENERATED ALWAYS AS (coalesce(
    data->'parent'->'subscription_details'->'subscription'->>'id',
    data->'parent'->'subscription_details'->>'subscription')) STORED,
  ADD COLUMN test_clock text GENERATED ALWAYS AS (coalesce(data->'test_clock'->>'id', data->>'test_clock')) STORED,
  ADD COLUMN status text NOT NULL GENERATED ALWAYS AS (data->>'status') STORED,
  ADD COLUMN number text GENERATED ALWAYS AS (data->>'number') STORED,
  ADD COLUMN collection_method text GENERATED ALWAYS AS (data->>'collection_method') STORED,
  ADD COLUMN due_date bigint GENERATED ALWAYS AS ((data->>'due_date')::bigint) STORED,
  ADD COLUMN currency text NOT NULL GENERATED ALWAYS AS (data->>'currency') STORED,
  ADD COLUMN total bigint NOT NULL GENERATED ALWAYS AS ((data->>'total')::bigint) STORED,
  ADD COLUMN amount_due bigint NOT NULL GENERATED ALWAYS AS ((data->>'amount_due')::bigint) STORED,
  ADD COLUMN amount_paid bigint NOT NULL GENERATED ALWAYS AS ((data->>'amount_paid')::bigint) STORED,
  ADD COLUMN amount_remaining bigint NOT NULL GENERATED ALWAYS AS ((data->>'amount_remaining')::bigint) STORED,
  ADD COLUMN period_start bigint GENERATED ALWAYS AS ((data->>'period_start')::bigint) STORED,
  ADD COLUMN period_end bigint GENERATED ALWAYS AS ((data->>'period_end')::bigint) STORED,
  ADD COLUMN finalized_at bigint GENERATED ALWAYS AS ((data->'status_transitions'->>'finalized_at')::bigint) STORED,
  ADD COLUMN paid_at bigint GENERATED ALWAYS AS ((data->'status_transitions'->>'paid_at')::bigint) STORED;
CREATE UNIQUE INDEX invoices_number ON invoices (number);
CREATE UNIQUE INDEX invoices_one_per_period ON invoices (subscription_id, billing_period_key)
  WHERE subscription_id IS NOT NULL AND billing_period_key IS NOT NULL;
CREATE INDEX invoices_customer ON invoices (customer_id, seq);
CREATE INDEX invoices_subscription ON invoices (subscription_id, seq);
CREATE INDEX invoices_status ON invoices (status, seq);
CREATE INDEX invoices_open_currency ON invoices (currency) WHERE status = 'open';
CREATE INDEX invoices_due ON invoices (next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NULL;
CREATE INDEX invoices_clock_due ON invoices (test_clock, next_action_at, seq) WHERE next_action_at IS NOT NULL AND test_clock IS NOT NULL;

ALTER TABLE invoice_items
  DROP COLUMN customer_id,
  DROP COLUMN subscription_id,
  DROP COLUMN invoice_id,
  DROP COLUMN deleted,
  ADD COLUMN customer_id text NOT NULL REFERENCES customers (id)
    GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN subscription_id text GENERATED ALWAYS AS (coalesce(
    data->'parent'->'subscription_details'->'subscription'->>'id',
    data->'parent'->'subscription_details'->>'subscription')) STORED,
  ADD COLUMN invoice_id text GENERATED ALWAYS AS (coalesce(data->'invoice'->>'id', data->>'invoice')) STORED,
  ADD COLUMN deleted boolean NOT NULL GENERATED ALWAYS AS (coalesce((data->>'deleted')::boolean, false)) STORED;
CREATE INDEX invoice_items_pending ON invoice_items (customer_id) WHERE invoice_id IS NULL AND NOT deleted;
CREATE INDEX invoice_items_invoice ON invoice_items (invoice_id);
CREATE INDEX invoice_items_customer ON invoice_items (customer_id, seq);

ALTER TABLE payment_methods
  DROP COLUMN customer_id,
  ADD COLUMN customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED;
CREATE INDEX payment_methods_customer ON payment_methods (customer_id, seq);

ALTER TABLE payment_intents
  DROP COLUMN customer_id,
  DROP COLUMN status,
  ADD COLUMN customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN status text NOT NULL GENERATED ALWAYS AS (data->>'status') STORED;
CREATE INDEX payment_intents_customer ON payment_intents (customer_id, seq);

ALTER TABLE charges
  DROP COLUMN customer_id,
  DROP COLUMN payment_intent_id,
  ADD COLUMN customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN payment_intent_id text
    GENERATED ALWAYS AS (coalesce(data->'payment_intent'->>'id', data->>'payment_intent')) STORED;
CREATE INDEX charges_customer ON charges (customer_id, seq);
CREATE INDEX charges_payment_intent ON charges (payment_intent_id);

ALTER TABLE discounts
  DROP COLUMN customer_id,
  DROP COLUMN subscription_id,
  DROP COLUMN invoice_id,
  ADD COLUMN customer_id text GENERATED ALWAYS AS (coalesce(data->'customer'->>'id', data->>'customer')) STORED,
  ADD COLUMN subscription_id text GENERATED ALWAYS AS (coalesce(data->'subscription'->>'id', data->>'subscription')) STORED,
  ADD COLUMN invoice_id text GENERATED ALWAYS AS (coalesce(data->'invoice'->>'id', data->>'invoice')) STORED;
CREATE INDEX discounts_subscription ON discounts (subscription_id);
CREATE INDEX discounts_invoice ON discounts (invoice_id);
