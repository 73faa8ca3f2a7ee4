// The subscription story on embedded PGlite (PostgreSQL 18): the same SQL as the server, including
// the savepoint an invoice preview rolls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ pglite: true });
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

describe('subscriptions on PGlite', () => {
  it('creates, previews, upgrades, renews and cancels', async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await r.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
    const basic = await r.stripe.prices.create({ currency: 'usd', unit_amount: 3100, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const pro = await r.stripe.prices.create({ currency: 'usd', unit_amount: 6200, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }], default_payment_method: pm.id });
    expect(sub.status).toBe('active');
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 1, 16) });
    const count = async () => (await r.db.query('SELECT count(*)::int AS n FROM invoice_items'))[0].n;
    const preview = await r.stripe.invoices.createPreview({
      subscription: sub.id,
      subscription_details: { items: [{ id: sub.items.data[0].id, price: pro.id }] },
    });
    expect(preview.total).toBe(6200 - 1600 + 3200);
    expect(await count()).toBe(0);
    await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: pro.id }] });
    expect(await count()).toBe(2);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 2, 1) + 7200 });
    const invoices = await r.stripe.invoices.list({ subscription: sub.id });
    expect(invoices.data.map((i: Stripe.Invoice) => i.total)).toEqual([7800, 3100]);
    const canceled = await r.stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).toBe('canceled');
  });
});
