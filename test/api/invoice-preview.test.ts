// POST /v1/invoices/create_preview through the official client: the next invoice for a proposed
// change, a new subscription or pending items — and nothing is written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import type { Db } from '../../src/core/db.ts';
import { previewInvoice, type PreviewInput } from '../../src/services/subscriptions/preview-invoice.ts';


let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

async function setup(amount = 3100) {
  const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
  const customer = await r.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
  const pm = (await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: 'Seat' } });
  return { clock, customer, price };
}

/** Every row count, to prove a preview writes nothing. */
async function snapshot() {
  const tables = ['subscriptions', 'subscription_items', 'invoices', 'invoice_lines', 'invoice_items', 'events', 'discounts', 'prices', 'payment_intents'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = (await r.db.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n;
  return out;
}

/** Runs a preview on a database that records every statement sent, and returns them. */
async function statementsOf(input: PreviewInput): Promise<{ invoice: Stripe.Invoice; sql: string[] }> {
  const sql: string[] = [];
  const spy = (db: Db): Db => ({
    query: (q, p) => (sql.push(q), db.query(q, p)),
    transaction: (fn) => db.transaction((tx) => fn(spy(tx))),
    get inTransaction() {
      return db.inTransaction;
    },
    enqueue: (q, p) => (sql.push(q), db.enqueue!(q, p)),
    close: () => db.close(),
  });
  const invoice = await previewInvoice(r.context(spy(r.db)), input);
  return { invoice, sql };
}

const writes = (sql: string[]) => sql.filter((q) => /^\s*(INSERT|UPDATE|DELETE|SAVEPOINT|ROLLBACK)\b/i.test(q));

describe('invoice previews', () => {
  it('only reads: new subscriptions with coupons and inline prices, changes, renewals', async () => {
    const { clock, customer, price } = await setup(4000);
    const coupon = await r.stripe.coupons.create({ percent_off: 25, duration: 'once' });
    const product = await r.stripe.products.create({ name: 'Inline' });
    const fresh = await statementsOf({
      customer: customer.id,
      subscription_details: {
        items: [{ price: price.id }, { price_data: { currency: 'usd', product: product.id, recurring: { interval: 'month' }, unit_amount: 1000 } }],
      },
      discounts: [{ coupon: coupon.id }],
    });
    expect(writes(fresh.sql)).toEqual([]);
    expect([fresh.invoice.subtotal, fresh.invoice.total]).toEqual([5000, 3750]); // (4000 + 1000) − 25%
    expect((await r.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0);

    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 16 * 86_400 });
    const pro = await r.stripe.prices.create({ currency: 'usd', unit_amount: 6000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const change = await statementsOf({
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, price: pro.id }], proration_behavior: 'always_invoice' },
    });
    expect(writes(change.sql)).toEqual([]);
    // Flexible mode credits what was paid: 3000 × 15/31 = 1451.61 → −1452; 6000 × 15/31 = 2903.23 → 2903
    expect(change.invoice.lines.data.map((l) => l.amount)).toEqual([-1452, 2903]);
    expect(change.invoice.lines.data[0].parent?.subscription_item_details?.proration_details?.credited_items?.invoice).toBe(sub.latest_invoice);

    const renewal = await statementsOf({ subscription: sub.id, subscription_details: { items: [{ id: sub.items.data[0].id, price: pro.id }] } });
    expect(writes(renewal.sql)).toEqual([]);
    // Feb at 6000, and the pending prorations of the change: −1452 and 2903
    expect(renewal.invoice.lines.data.map((l) => l.amount)).toEqual([6000, -1452, 2903]);
    expect(renewal.invoice.billing_reason).toBe('subscription_cycle');

    const final = await statementsOf({ subscription: sub.id, subscription_details: { cancel_now: true } });
    expect(writes(final.sql)).toEqual([]);
    expect(final.invoice.lines.data.map((l) => l.amount)).toEqual([-1452]); // the unused time of what was paid, credited
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('previews a quantity change with proration_date: the next renewal with its prorations', async () => {
    const { clock, customer, price } = await setup();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 1, 20) });
    const before = await snapshot();
    const preview = await r.stripe.invoices.createPreview({
      customer: customer.id,
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, quantity: 5 }], proration_date: utc(2026, 1, 16) },
    });
    expect(await snapshot()).toEqual(before);
    expect(preview.id).toMatch(/^upcoming_in_/);
    expect(preview).toMatchObject({ object: 'invoice', status: 'draft', customer: customer.id, billing_reason: 'subscription_cycle', currency: 'usd' });
    expect(preview.parent?.subscription_details?.subscription).toBe(sub.id);
    // Feb: 5 × 3,100 = 15,500; prorations from Jan 16 (16/31 of January):
    // −2 × 3,100 × 16/31 = −3,200 and 5 × 3,100 × 16/31 = 8,000
    expect(preview.lines.data.map((l) => [l.amount, l.period.start, l.period.end])).toEqual([
      [15500, utc(2026, 2, 1), utc(2026, 3, 1)],
      [-3200, utc(2026, 1, 16), utc(2026, 2, 1)],
      [8000, utc(2026, 1, 16), utc(2026, 2, 1)],
    ]);
    expect(preview.total).toBe(15500 - 3200 + 8000);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity).toBe(2);
  });

  it('previews the next renewal of an unchanged subscription, and always_invoice changes', async () => {
    const { clock, customer, price } = await setup();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const next = await r.stripe.invoices.createPreview({ subscription: sub.id });
    expect([next.total, next.period_start, next.period_end]).toEqual([3100, JAN_1, utc(2026, 2, 1)]); // the period just ended, as Stripe reports it
    expect(next.lines.data[0].period.start).toBe(utc(2026, 2, 1));
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 1, 16) });
    const before = await snapshot();
    const now = await r.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, quantity: 3 }], proration_behavior: 'always_invoice' },
    });
    // 3 × 3,100 × 16/31 − 3,100 × 16/31 = 4,800 − 1,600
    expect([now.total, now.billing_reason, now.status]).toEqual([3200, 'subscription_update', 'draft']);
    expect(await snapshot()).toEqual(before);
  });

  it('previews a new subscription with a coupon', async () => {
    const { customer, price } = await setup(5000);
    const coupon = await r.stripe.coupons.create({ percent_off: 10, duration: 'forever' });
    const before = await snapshot();
    const preview = await r.stripe.invoices.createPreview({
      customer: customer.id,
      subscription_details: { items: [{ price: price.id, quantity: 2 }] },
      discounts: [{ coupon: coupon.id }],
    });
    expect(await snapshot()).toEqual(before);
    expect((await r.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(0);
    // 2 × 5,000 − 10% = 9,000
    expect([preview.subtotal, preview.total, preview.billing_reason]).toEqual([10000, 9000, 'subscription_create']);
  });

  it('names bad params', async () => {
    const { customer, price } = await setup();
    await expectStripeError(r.stripe.invoices.createPreview({}), { status: 400, param: 'customer', code: 'parameter_missing' });
    await expectStripeError(r.stripe.invoices.createPreview({ subscription: 'sub_nope' }), { status: 400, param: 'subscription', code: 'resource_missing' });
    await expectStripeError(
      r.stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: 'price_nope' }] } }),
      { status: 400, param: 'subscription_details[items][0][price]' },
    );
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at_period_end: true });
    await expectStripeError(r.stripe.invoices.createPreview({ subscription: sub.id }), { status: 400, code: 'invoice_upcoming_none' });
  });
});
