// Billing stories on test clocks, through the official client: the engine runs everything
// due as the clock advances, the way months would pass in production.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { recurForFile } from '../support/recur.ts';
import { DAY, JAN_1, utc } from '../support/calendar.ts';
import { clockedCustomer as sharedClockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';

const r = recurForFile();

const clockedCustomer = (frozen: number) => sharedClockedCustomer(r.stripe, frozen);

const monthlyPrice = (amount: number, extra: Partial<Stripe.PriceCreateParams> = {}) => monthlyPlan(r.stripe, amount, extra);

async function invoicesOf(subscription: string) {
  const all: Stripe.Invoice[] = [];
  for await (const inv of r.stripe.invoices.list({ subscription, limit: 100 })) all.push(inv);
  return all.reverse(); // oldest first
}

describe('billing stories on test clocks', () => {
  it('a year of monthly renewals bills 12 paid invoices of exactly 2,000', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    const price = await monthlyPrice(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 12, 15) });
    const invoices = await invoicesOf(sub.id);
    expect(invoices).toHaveLength(12); // Jan 1 … Dec 1
    expect(invoices.map((i) => i.total)).toEqual(Array(12).fill(2000));
    expect(invoices.every((i) => i.status === 'paid')).toBe(true);
    expect(invoices.map((i) => i.lines.data[0].period.start)).toEqual(Array.from({ length: 12 }, (_, k) => utc(2026, k + 1, 1)));
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0].current_period_start).toBe(utc(2026, 12, 1));
    expect(after.items.data[0].current_period_end).toBe(utc(2027, 1, 1));
    // Advancing in one step does the same as many small steps: no period was billed twice.
    // Stripe reports a renewal invoice's period as the one just ended.
    expect([invoices[1].period_start, invoices[1].period_end]).toEqual([JAN_1, utc(2026, 2, 1)]);
    const keys = await r.db.query('SELECT billing_period_key, count(*)::int AS n FROM invoices WHERE subscription_id = $1 GROUP BY 1', [sub.id]);
    expect(keys.every((k) => k.n === 1)).toBe(true);
  });

  it('an anchor on the 31st bills on the last day of shorter months', async () => {
    const start = utc(2026, 1, 31);
    const { clock, customer } = await clockedCustomer(start);
    const price = await monthlyPrice(1000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 5, 1) });
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => i.lines.data[0].period.start)).toEqual([utc(2026, 1, 31), utc(2026, 2, 28), utc(2026, 3, 31), utc(2026, 4, 30)]);
    expect(invoices.map((i) => i.total)).toEqual([1000, 1000, 1000, 1000]);
  });

  it('a trial gives a zero invoice, then the first paid invoice when it ends', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    const price = await monthlyPrice(3500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], trial_period_days: 14 });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_end).toBe(JAN_1 + 14 * DAY);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 15 * DAY });
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.total, i.status, i.billing_reason])).toEqual([
      [0, 'paid', 'subscription_create'],
      [7000, 'paid', 'subscription_cycle'], // 2 seats × 3,500
    ]);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('renewal invoices stay draft for an hour, then finalize and are paid', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    const price = await monthlyPrice(1500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 2, 1) + 60 });
    let invoices = await invoicesOf(sub.id);
    expect(invoices[1].status).toBe('draft');
    expect(invoices[1].automatically_finalizes_at).toBe(utc(2026, 2, 1) + 3600);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 2, 1) + 3601 });
    invoices = await invoicesOf(sub.id);
    expect(invoices[1].status).toBe('paid');
    expect(invoices[1].amount_paid).toBe(1500);
  });

  it('a repeating coupon discounts three months, then stops', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    const price = await monthlyPrice(5000);
    const coupon = await r.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], discounts: [{ coupon: coupon.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 5, 15) });
    const invoices = await invoicesOf(sub.id);
    // 5,000 − 20% = 4,000 for Jan, Feb, Mar; full price from Apr 1 (the discount ended Apr 1).
    expect(invoices.map((i) => i.total)).toEqual([4000, 4000, 4000, 5000, 5000]);
  });

  it('a customer credit balance is consumed by the next invoices', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    await r.stripe.customers.createBalanceTransaction(customer.id, { amount: -2500, currency: 'usd' });
    const price = await monthlyPrice(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 2, 2) });
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.total, i.amount_due, i.starting_balance, i.ending_balance])).toEqual([
      [2000, 0, -2500, -500],
      [2000, 1500, -500, 0],
    ]);
    expect((await r.stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(0);
  });

  it('a declined first payment leaves the subscription incomplete, expiring after 23 hours', async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await r.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_chargeCustomerFail' });
    const pm = (await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
    const price = await monthlyPrice(900);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      default_payment_method: pm.id,
      payment_behavior: 'allow_incomplete',
    });
    expect(sub.status).toBe('incomplete');
    const [first] = await invoicesOf(sub.id);
    expect(first.status).toBe('open');
    expect(first.attempt_count).toBe(1);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 23 * 3600 + 1 });
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete_expired');
    const events = (await r.db.query('SELECT type FROM events WHERE customer_id = $1 ORDER BY seq', [customer.id])).map((e) => e.type);
    expect(events).toContain('invoice.payment_failed');
  });

  it('cancel at period end stops renewals', async () => {
    const { clock, customer } = await clockedCustomer(JAN_1);
    const price = await monthlyPrice(1200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at_period_end: true });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: utc(2026, 3, 15) });
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('canceled');
    expect(after.ended_at).toBe(utc(2026, 2, 1));
    expect(await invoicesOf(sub.id)).toHaveLength(1);
  });
});
