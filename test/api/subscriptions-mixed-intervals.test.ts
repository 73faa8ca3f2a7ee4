// Mixed intervals on one subscription (flexible billing mode), as seed 004 sells: a monthly seat
// and a yearly add-on, each renewing on its own period, on one invoice when their periods coincide.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const HOUR = 3600;
const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;

async function invoicesOf(subscription: string) {
  const rows = await r.db.query('SELECT data FROM invoices WHERE subscription_id = $1 ORDER BY seq', [subscription]);
  return rows.map((x) => x.data as Stripe.Invoice);
}

describe('mixed intervals', () => {
  it('a monthly seat and a yearly add-on over 13 months: each on its own period, one invoice when they coincide', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const seat = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Seat' } });
    const addon = await r.stripe.prices.create({ currency: 'usd', unit_amount: 12000, recurring: { interval: 'year' }, product_data: { name: 'Archive' } });

    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }, { price: addon.id }] });
    expect(sub.status).toBe('active');
    const [seatItem, addonItem] = sub.items.data;
    expect([seatItem.current_period_end, addonItem.current_period_end]).toEqual([utc(2026, 2, 1), utc(2027, 1, 1)]);

    for (const m of [2, 3]) await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, m, 1) + 2 * HOUR });
    // Mid-March, a second seat: prorated over the seat's month, not the add-on's year.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 3, 17) });
    const more = await r.stripe.subscriptions.update(sub.id, { items: [{ id: seatItem.id, quantity: 2 }], proration_behavior: 'always_invoice' });
    const lines = (await r.stripe.invoices.listLineItems(more.latest_invoice as string)).data;
    expect(lines.map((l) => l.amount)).toEqual([
      -484, // the March debit of 1000, its last 15 of 31 days: 1000 × 15/31 = 483.87 → −484
      968, // 2 × 1000 × 15/31 = 967.74 → 968
    ]);
    for (let m = 4; m <= 14; m++) {
      const y = m > 12 ? 2027 : 2026;
      await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(y, ((m - 1) % 12) + 1, 1) + 2 * HOUR });
    }

    const all = await invoicesOf(sub.id);
    expect(all.map((i) => i.total)).toEqual([
      13000, // Jan 1: the seat's month and the add-on's year
      1000, // Feb
      1000, // Mar
      484, // Mar 17: the second seat, 968 − 484
      ...Array(9).fill(2000), // Apr → Dec: two seats
      14000, // Jan 1 2027: two seats and the add-on's second year, on one invoice
      2000, // Feb 2027
    ]);
    expect(all.every((i) => i.status === 'paid')).toBe(true);
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => [i.current_period_start, i.current_period_end])).toEqual([
      [utc(2027, 2, 1), utc(2027, 3, 1)],
      [utc(2027, 1, 1), utc(2028, 1, 1)],
    ]);
  });

  it('classic billing mode refuses items of different intervals', async () => {
    const customer = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const month = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'M' } });
    const year = await r.stripe.prices.create({ currency: 'usd', unit_amount: 9000, recurring: { interval: 'year' }, product_data: { name: 'Y' } });
    await expectStripeError(
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }, { price: year.id }], billing_mode: { type: 'classic' } }),
      { status: 400, param: 'items[1][price]' },
    );
  });
});
