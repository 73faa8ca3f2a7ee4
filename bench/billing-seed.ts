// Seeds the billing benchmark: a handful of template subscriptions made through the official
// client (so every row is exactly what the services write), then cloned with SQL into N
// subscriptions whose every id, invoice prefix and number is renamed per clone.
import Stripe from 'stripe';
import { buildApp } from '../src/api/app.ts';
import { ensureApiKey } from '../src/api/http/auth.ts';
import { FixedClock } from '../src/core/clock.ts';
import { PgDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { composeRecur } from '../src/cli/compose.ts';

const KEY = 'sk_test_recur_bench_key_000000000000';
/** Tables holding a customer's rows, each cloned whole (seq is left to its sequence). */
const CUSTOMER_TABLES = [
  'customers',
  'payment_methods',
  'subscriptions',
  'subscription_items',
  'discounts',
  'invoices',
  'invoice_lines',
  'invoice_payments',
  'payment_intents',
  'charges',
  'meter_event_segments',
];

interface Template {
  customer: string;
  ids: string[];
  prefix: string;
}

/** Creates the catalog and one subscription per template at `at`; returns what cloning needs. */
async function makeTemplates(db: PgDb, at: number): Promise<Template[]> {
  const clock = new FixedClock(at);
  await ensureApiKey(db, at, KEY);
  const { context } = composeRecur({ db, clock });
  const usage = context.usage;
  const app = await buildApp({ context });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as any).port as number;
  const stripe = new Stripe(KEY, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  const monthly = { interval: 'month' as const };
  const flat = await stripe.prices.create({ currency: 'usd', unit_amount: 4900, recurring: monthly, product_data: { name: 'Flat plan' } });
  const seat = await stripe.prices.create({ currency: 'usd', unit_amount: 1200, recurring: monthly, product_data: { name: 'Seat' } });
  const tiered = await stripe.prices.create({
    currency: 'usd',
    recurring: monthly,
    product_data: { name: 'Tiered seats' },
    billing_scheme: 'tiered',
    tiers_mode: 'graduated',
    tiers: [
      { up_to: 10, unit_amount: 1000 },
      { up_to: 50, unit_amount: 800 },
      { up_to: 'inf', unit_amount: 500, flat_amount: 100 },
    ],
  });
  const apiCalls = await stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_calls', default_aggregation: { formula: 'sum' } });
  const metered = await stripe.prices.create({
    currency: 'usd',
    unit_amount: 25,
    recurring: { interval: 'month', usage_type: 'metered', meter: apiCalls.id },
    product_data: { name: 'API calls' },
  });
  const tenOff = await stripe.coupons.create({ percent_off: 10, duration: 'forever' });
  const fiveOff = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'forever' });
  const vat = await stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
  const sales = await stripe.taxRates.create({ display_name: 'Sales tax', percentage: 8.25, inclusive: false });

  const shapes: Array<Omit<Stripe.SubscriptionCreateParams, 'customer'>> = [
    { items: [{ price: flat.id }] },
    { items: [{ price: flat.id }], discounts: [{ coupon: tenOff.id }] },
    { items: [{ price: seat.id, quantity: 5 }], default_tax_rates: [vat.id] },
    { items: [{ price: tiered.id, quantity: 23 }] },
    { items: [{ price: flat.id }, { price: metered.id }] },
    { items: [{ price: seat.id, quantity: 3, tax_rates: [sales.id] }], discounts: [{ coupon: fiveOff.id }] },
    { items: [{ price: tiered.id, quantity: 60 }, { price: metered.id }], default_tax_rates: [sales.id] },
    { items: [{ price: flat.id }, { price: seat.id, quantity: 2 }], discounts: [{ coupon: tenOff.id }], default_tax_rates: [vat.id] },
  ];
  const templates: Template[] = [];
  for (const [k, shape] of shapes.entries()) {
    const customer = await stripe.customers.create({ email: `template${k}@example.com`, payment_method: 'pm_card_visa' });
    const pms = await stripe.paymentMethods.list({ customer: customer.id, type: 'card' });
    await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pms.data[0].id } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, ...shape });
    if (sub.status !== 'active') throw new Error(`template subscription is ${sub.status}`);
    for (const item of sub.items.data.filter((i) => i.price.recurring?.usage_type === 'metered')) {
      // One event of usage inside the period, through the usage store (cloned with the customer's rows).
      const hour = Math.ceil(item.current_period_start / 3600) * 3600 + 3600;
      await usage.ingest(db, [{ identifier: `seed-${item.id}`, meterId: apiCalls.id, customerId: customer.id, timestamp: hour, value: 1000 + 37 * k }], at);
      while ((await usage.fold(db)).batches > 0);
    }
    const c = await stripe.customers.retrieve(customer.id);
    templates.push({ customer: customer.id, ids: await idsOf(db, customer.id), prefix: (c as Stripe.Customer).invoice_prefix! });
  }
  await app.close();
  return templates;
}

/** Every id of the customer's rows, longest first (so no id is replaced inside a longer one). */
async function idsOf(db: PgDb, customerId: string): Promise<string[]> {
  const ids = new Set<string>([customerId]);
  for (const t of CUSTOMER_TABLES.filter((t) => t !== 'meter_event_segments' && t !== 'customers')) {
    for (const r of await db.query(`SELECT id FROM ${t} WHERE customer_id = $1`, [customerId])) ids.add(r.id);
  }
  return [...ids].sort((a, b) => b.length - a.length);
}

const RENAME_FN = `
CREATE OR REPLACE FUNCTION bench_rename(t text, olds text[], suffix text, old_prefix text, new_prefix text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE o text;
BEGIN
  IF t IS NULL THEN RETURN NULL; END IF;
  FOREACH o IN ARRAY olds LOOP t := replace(t, o, o || suffix); END LOOP;
  t := replace(t, '"' || old_prefix || '"', '"' || new_prefix || '"');
  t := replace(t, '"' || old_prefix || '-', '"' || new_prefix || '-');
  RETURN t;
END $$;`;

const RENAMED = new Set(['id', 'customer_id', 'subscription_id', 'invoice_id', 'payment_intent_id', 'subscription_item_id']);

/** Clones each template `copies` times (ids suffixed `x<template><n>`). */
async function cloneTemplates(db: PgDb, templates: Template[], copies: number[]): Promise<void> {
  await db.query(RENAME_FN);
  for (const table of CUSTOMER_TABLES) {
    const cols = (
      await db.query(
        // Generated columns follow the cloned (renamed) object; only stored columns are copied.
        `SELECT column_name, data_type FROM information_schema.columns
          WHERE table_name = $1 AND column_name <> 'seq' AND is_generated = 'NEVER' ORDER BY ordinal_position`,
        [table],
      )
    ).map((r) => ({ name: r.column_name as string, type: r.data_type as string }));
    const expr = (c: { name: string; type: string }) => {
      const renamed = 'bench_rename(%s, $2, suffix, $3, new_prefix)';
      if (c.type === 'jsonb') return renamed.replace('%s', `${c.name}::text`) + '::jsonb';
      if (RENAMED.has(c.name)) return renamed.replace('%s', c.name);
      if (c.name === 'number') return `CASE WHEN number IS NULL THEN NULL ELSE new_prefix || substr(number, length($3) + 1) END`;
      return c.name;
    };
    const owner = table === 'customers' ? 'id' : 'customer_id';
    for (const [k, t] of templates.entries()) {
      // Invoice prefixes stay 3–12 uppercase letters and digits: B, the template, the clone number.
      await db.query(
        `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')})
         SELECT ${cols.map(expr).join(', ')} FROM ${table},
                LATERAL (SELECT 'x' || $5 || g AS suffix, 'B' || $5 || lpad(g::text, 7, '0') AS new_prefix
                           FROM generate_series(1, $4::int) g) s
          WHERE ${owner} = $1`,
        [t.customer, t.ids, t.prefix, copies[k], String(k)],
      );
    }
  }
}

/**
 * Seeds `n` subscriptions (templates included), all created at `at` and due for renewal one
 * month later at the same instant. Returns that instant.
 */
export async function seedBilling(url: string, n: number, at: number): Promise<{ renewAt: number; subscriptions: number }> {
  const db = PgDb.connect(url, 4);
  await migrate(db);
  // The benchmark measures renewals: no invoice.upcoming notices are scheduled (billing settings).
  await db.query(`INSERT INTO billing_settings (account, data) VALUES ('default', '{"upcoming_invoice_days": 0}')`);
  const templates = await makeTemplates(db, at);
  const per = Math.floor(n / templates.length);
  const copies = templates.map((_, k) => per - 1 + (k < n - per * templates.length ? 1 : 0));
  await cloneTemplates(db, templates, copies);
  await db.query('ANALYZE');
  const [{ count, due, at: renewAt }] = await db.query(
    `SELECT count(*)::int AS count, count(DISTINCT next_action_at)::int AS due, min(next_action_at) AS at FROM subscriptions`,
  );
  if (count !== n || due !== 1) throw new Error(`seeded ${count} subscriptions due at ${due} instants; expected ${n} at one`);
  await db.close();
  return { renewAt: Number(renewAt), subscriptions: count };
}
