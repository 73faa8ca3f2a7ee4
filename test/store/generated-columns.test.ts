// The lifted columns are generated from the stored object: an older database (migrated up to the
// release before 0009, lifted columns written by hand) upgrades in place with its objects as the
// truth, and afterwards no write can make a column disagree with its object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '../support/recur.ts';
import { PgDb } from '../../src/store/db.ts';
import { migrate, migrationFiles } from '../../src/store/migrate.ts';

const MIGRATIONS = join(import.meta.dirname, '../../src/store/migrations');
const GENERATED = '0009_generated_columns.sql';

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let db: PgDb;

const json = (o: object) => JSON.stringify(o);

beforeAll(async () => {
  t = await createTestDatabase();
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  // The schema as the previous release left it, with rows written the old way.
  const older = migrationFiles().filter((f) => f < GENERATED);
  for (const f of older) await client.query(readFileSync(join(MIGRATIONS, f), 'utf8'));
  await client.query('CREATE TABLE schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  for (const f of older) await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [f]);
  await client.query(
    `INSERT INTO customers (id, created, email, deleted, data) VALUES
       ('cus_live', 1, 'stale@example.com', false, $1), ('cus_gone', 1, 'gone@example.com', true, $2)`,
    [json({ id: 'cus_live', object: 'customer', email: 'ada@example.com', test_clock: null }), json({ id: 'cus_gone', object: 'customer', email: 'gone@example.com' })],
  );
  await client.query(
    `INSERT INTO products (id, created, active, deleted, data) VALUES ('prod_a', 1, true, false, $1), ('prod_gone', 1, false, true, $2)`,
    [json({ id: 'prod_a', object: 'product', active: true, type: 'service' }), json({ id: 'prod_gone', object: 'product', active: true })],
  );
  await client.query(`INSERT INTO prices (id, created, product_id, active, lookup_key, currency, type, data) VALUES ('price_a', 1, 'prod_a', true, 'gold', 'usd', 'recurring', $1)`, [
    json({ id: 'price_a', object: 'price', product: 'prod_a', active: true, lookup_key: 'gold', currency: 'usd', type: 'recurring', unit_amount: 1999, unit_amount_decimal: '1999', billing_scheme: 'per_unit', recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null } }),
  ]);
  const item = { id: 'si_a', object: 'subscription_item', subscription: 'sub_a', quantity: 3, current_period_start: 100, current_period_end: 200, price: { id: 'price_a', currency: 'usd', unit_amount: 1999, unit_amount_decimal: '1999', billing_scheme: 'per_unit', recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed' } } };
  await client.query(
    `INSERT INTO subscriptions (id, created, customer_id, status, next_action_at, current_period_start, current_period_end, data)
     VALUES ('sub_a', 1, 'cus_live', 'trialing', 200, 0, 0, $1)`,
    [json({ id: 'sub_a', object: 'subscription', customer: 'cus_live', status: 'active', currency: 'usd', collection_method: 'charge_automatically', billing_cycle_anchor: 100, items: { data: [item] } })],
  );
  await client.query(
    `INSERT INTO subscription_items (id, created, customer_id, subscription_id, price_id, deleted, data) VALUES
       ('si_a', 1, 'cus_live', 'sub_a', 'price_a', false, $1), ('si_old', 1, 'cus_live', 'sub_a', 'price_a', true, $2)`,
    [json(item), json({ ...item, id: 'si_old' })],
  );
  await client.query(
    `INSERT INTO invoices (id, created, customer_id, subscription_id, status, billing_period_key, next_action_at, data)
     VALUES ('in_a', 1, 'cus_live', 'sub_a', 'draft', '100', 150, $1)`,
    [json({ id: 'in_a', object: 'invoice', customer: 'cus_live', status: 'open', currency: 'usd', total: 5997, amount_due: 5997, amount_paid: 0, amount_remaining: 5997, period_start: 100, period_end: 200, due_date: null, status_transitions: { finalized_at: 120, paid_at: null }, parent: { subscription_details: { subscription: 'sub_a' } } })],
  );
  await client.query(`INSERT INTO invoice_items (id, created, customer_id, deleted, data) VALUES ('ii_gone', 1, 'cus_live', true, $1)`, [
    json({ id: 'ii_gone', object: 'invoiceitem', customer: 'cus_live', invoice: null }),
  ]);
  await client.end();
  db = PgDb.connect(t.url, 2);
  expect(await migrate(db)).toEqual(migrationFiles().filter((f) => f >= GENERATED));
});
afterAll(async () => {
  await db?.close();
  await t?.drop();
});

const row = async (sql: string, ...params: unknown[]) => (await db.query(sql, params))[0];

describe('generated columns', () => {
  it('upgrade an older database in place: the objects are the truth, deletions move into them', async () => {
    expect(await row(`SELECT email, deleted FROM customers WHERE id = 'cus_live'`)).toEqual({ email: 'ada@example.com', deleted: false });
    expect(await row(`SELECT deleted, data->'deleted' AS flag FROM customers WHERE id = 'cus_gone'`)).toEqual({ deleted: true, flag: true });
    expect(await row(`SELECT active, deleted FROM products WHERE id = 'prod_gone'`)).toEqual({ active: false, deleted: true });
    expect(await row(`SELECT product_id, lookup_key, recurring_interval FROM prices WHERE id = 'price_a'`)).toEqual({
      product_id: 'prod_a', lookup_key: 'gold', recurring_interval: 'month',
    });
    expect(await row(`SELECT status, customer_id, currency, current_period_start, current_period_end, next_action_at FROM subscriptions`)).toEqual({
      status: 'active', customer_id: 'cus_live', currency: 'usd', current_period_start: 100, current_period_end: 200, next_action_at: 200,
    });
    expect(await row(`SELECT subscription_id, price_id, quantity, unit_amount_decimal, recurring_interval, deleted FROM subscription_items WHERE id = 'si_a'`)).toEqual({
      subscription_id: 'sub_a', price_id: 'price_a', quantity: 3, unit_amount_decimal: 1999, recurring_interval: 'month', deleted: false,
    });
    expect(await row(`SELECT deleted FROM subscription_items WHERE id = 'si_old'`)).toEqual({ deleted: true });
    expect(await row(`SELECT status, subscription_id, currency, total, amount_remaining, period_start, period_end, finalized_at, paid_at, billing_period_key FROM invoices`)).toEqual({
      status: 'open', subscription_id: 'sub_a', currency: 'usd', total: 5997, amount_remaining: 5997, period_start: 100, period_end: 200,
      finalized_at: 120, paid_at: null, billing_period_key: '100',
    });
    expect(await row(`SELECT deleted FROM invoice_items WHERE id = 'ii_gone'`)).toEqual({ deleted: true });
  });

  it('follow every change of the object, and refuse to be written', async () => {
    await db.query(`UPDATE invoices SET data = data || '{"status": "paid", "amount_paid": 5997, "amount_remaining": 0, "status_transitions": {"finalized_at": 120, "paid_at": 130}}'`);
    expect(await row(`SELECT status, amount_paid, amount_remaining, paid_at FROM invoices`)).toEqual({ status: 'paid', amount_paid: 5997, amount_remaining: 0, paid_at: 130 });
    await expect(db.query(`UPDATE invoices SET status = 'void'`)).rejects.toThrow(/can only be updated to DEFAULT/);
    await expect(db.query(`INSERT INTO customers (id, created, email, data) VALUES ('cus_x', 1, 'x@example.com', '{}')`)).rejects.toThrow(/non-DEFAULT value/);
  });

  it('keep their unique rules: one invoice per subscription period, one price per lookup key', async () => {
    const invoice = { id: 'in_b', object: 'invoice', customer: 'cus_live', status: 'draft', currency: 'usd', total: 0, amount_due: 0, amount_paid: 0, amount_remaining: 0, parent: { subscription_details: { subscription: 'sub_a' } } };
    await expect(db.query(`INSERT INTO invoices (id, created, billing_period_key, data) VALUES ('in_b', 1, '100', $1)`, [json(invoice)])).rejects.toThrow(/invoices_one_per_period/);
    const price = { id: 'price_b', object: 'price', product: 'prod_a', active: true, lookup_key: 'gold', currency: 'usd', type: 'one_time' };
    await expect(db.query(`INSERT INTO prices (id, created, data) VALUES ('price_b', 1, $1)`, [json(price)])).rejects.toThrow(/prices_lookup_key/);
  });
});
