// Flexible billing mode through the official client (issue 11): the default for new subscriptions,
// credits computed from what was actually debited (after discounts) and naming the debit they
// credit, migration from classic, and canceled_at as the API documents it in every cancel path.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1 } from '../support/calendar.ts';
import { clockStory, creditedOf, JAN_17 } from '../support/clock-story.ts';

const r = recurForFile();

const { clocked, monthly, fortyLessQuarter, advance, linesOf } = clockStory(r);

describe('flexible billing mode: credits from what was debited', () => {
  it('is the default; a 25% once coupon then an upgrade credits 3000 × 15/31, naming the line it credits', async () => {
    const { clock, sixty, sub } = await fortyLessQuarter('once');
    expect(sub.billing_mode).toMatchObject({ type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: JAN_1 });
    const first = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.amount_paid).toBe(3000); // 4000 − 25%
    const firstLine = (await linesOf(first.id))[0];

    await advance(clock.id, JAN_17);
    const up = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: sixty.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = up.latest_invoice as Stripe.Invoice;
    const lines = await linesOf(invoice.id);
    expect(lines.map((l) => l.amount)).toEqual([
      -1452, // 3000 × 15/31 = 1451.61 → −1452 (classic would credit 4000 × 15/31 = −1935)
      2903, // 6000 × 15/31 = 2903.23 → 2903
    ]);
    expect(creditedOf(lines[0])).toEqual({ invoice: first.id, invoice_line_items: [firstLine.id] });
    expect(invoice.total).toBe(1451); // 2903 − 1452; the once coupon is used up
    expect(invoice.status).toBe('paid');
  });

  it('classic, when asked for, credits the undiscounted price', async () => {
    const { clock, sixty, sub } = await fortyLessQuarter('once', { billing_mode: { type: 'classic' } });
    expect(sub.billing_mode.type).toBe('classic');
    await advance(clock.id, JAN_17);
    const up = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: sixty.id }], proration_behavior: 'always_invoice' });
    expect((await linesOf(up.latest_invoice as string)).map((l) => l.amount)).toEqual([-1935, 2903]); // 4000 × 15/31 = 1935.48 → −1935
  });

  it('a downgrade after an amount_off coupon credits what was paid: 4000 × 15/31', async () => {
    const { clock, customer } = await clocked();
    const [fifty, twenty] = [await monthly(5000), await monthly(2000)];
    const coupon = await r.stripe.coupons.create({ amount_off: 1000, currency: 'usd', duration: 'once' });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: fifty.id }], discounts: [{ coupon: coupon.id }] });
    await advance(clock.id, JAN_17);
    const down = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: twenty.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const invoice = down.latest_invoice as Stripe.Invoice;
    expect((await linesOf(invoice.id)).map((l) => l.amount)).toEqual([
      -1935, // (5000 − 1000) × 15/31 = 1935.48 → −1935
      968, // 2000 × 15/31 = 967.74 → 968
    ]);
    expect(invoice.total).toBe(-967);
    expect((await r.stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(-967); // the credit waits on the balance
  });

  it('a credit after a tax-inclusive price keeps the tax inside the credited amount', async () => {
    const vat = await r.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const { clock, sixty, sub } = await fortyLessQuarter('once', { default_tax_rates: [vat.id] });
    await advance(clock.id, JAN_17);
    const up = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: sixty.id }], proration_behavior: 'always_invoice' });
    const lines = await linesOf(up.latest_invoice as string);
    expect(lines.map((l) => l.amount)).toEqual([-1452, 2903]); // 3000 (VAT included) × 15/31 → −1452
    // 1452 includes 20% VAT: 1452 − 1452 / 1.2 = 242
    expect(lines[0].taxes!.map((t) => [t.amount, t.tax_behavior])).toEqual([[-242, 'inclusive']]);
  });

  it('a second change credits the debit of the first, not the period line again', async () => {
    const { clock, customer } = await clocked();
    const [ten, twenty, thirty] = [await monthly(3100), await monthly(6200), await monthly(9300)];
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: ten.id }] });
    await advance(clock.id, JAN_1 + 10 * DAY); // 21 of 31 days remain
    const a = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: twenty.id }], proration_behavior: 'always_invoice' });
    const aLines = await linesOf(a.latest_invoice as string);
    expect(aLines.map((l) => l.amount)).toEqual([-2100, 4200]); // 3100 × 21/31 = 2100; 6200 × 21/31 = 4200
    await advance(clock.id, JAN_1 + 20 * DAY); // 11 of 31 days remain
    const b = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: thirty.id }], proration_behavior: 'always_invoice' });
    const bLines = await linesOf(b.latest_invoice as string);
    expect(bLines.map((l) => l.amount)).toEqual([
      -2200, // the 4200 debit of Jan 11 → Feb 1 (21 days), its last 11 days: 4200 × 11/21 = 2200
      3300, // 9300 × 11/31 = 3300
    ]);
    expect(creditedOf(bLines[0])).toEqual({ invoice: a.latest_invoice, invoice_line_items: [aLines[1].id] });
  });
});

describe('metered items at the start', () => {
  const metered = async () => {
    const meter = await r.stripe.billing.meters.create({ display_name: 'Calls', event_name: `calls_${Math.random().toString(36).slice(2)}`, default_aggregation: { formula: 'sum' } });
    return r.stripe.prices.create({ currency: 'usd', unit_amount: 10, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id }, product_data: { name: 'Calls' } });
  };

  it('flexible: no zero-amount line for a metered item, and no first invoice when nothing else is billed', async () => {
    const { customer } = await clocked();
    const [calls, plan] = [await metered(), await monthly(1000)];
    const alone = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: calls.id }] });
    expect(alone.status).toBe('active');
    expect(alone.latest_invoice).toBeNull();
    expect((await r.stripe.invoices.list({ subscription: alone.id })).data).toHaveLength(0);
    const mixed = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: calls.id }, { price: plan.id }] });
    expect((await linesOf(mixed.latest_invoice as string)).map((l) => [l.amount, l.description])).toEqual([[1000, '1 × Plan 1000 (at 10.00 USD / month)']]);
    const preview = await r.stripe.invoices.createPreview({ customer: customer.id, subscription_details: { items: [{ price: calls.id }] } });
    expect(preview.total).toBe(0);
  });

  it('classic: a metered item gets a zero-amount line on the first invoice', async () => {
    const { customer } = await clocked();
    const calls = await metered();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: calls.id }], billing_mode: { type: 'classic' } });
    const lines = await linesOf(sub.latest_invoice as string);
    expect(lines.map((l) => [l.amount, l.quantity, l.description])).toEqual([[0, 0, '0 × Calls (usage)']]);
    expect(sub.status).toBe('active');
  });
});

describe('migrating to flexible billing mode', () => {
  it('moves a classic subscription to flexible, with the time it was adopted, and never back', async () => {
    const { clock, customer } = await clocked();
    const plan = await monthly(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }], billing_mode: { type: 'classic' } });
    await advance(clock.id, JAN_1 + 3 * DAY);
    const migrated = await r.stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'flexible' } });
    expect(migrated.billing_mode).toEqual({ type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: JAN_1 + 3 * DAY });
    await expectStripeError(r.stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'flexible' } }), { status: 400, param: 'billing_mode[type]' });
    await expectStripeError(r.stripe.subscriptions.migrate(sub.id, { billing_mode: { type: 'classic' } as any }), { status: 400, param: 'billing_mode[type]' });
    expect((await r.stripe.subscriptions.retrieve(sub.id)).billing_mode.type).toBe('flexible');
  });
});

describe('canceled_at in every cancel path', () => {
  it('cancel now: canceled_at and ended_at are now', async () => {
    const { clock, customer } = await clocked();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: (await monthly(1000)).id }] });
    await advance(clock.id, JAN_1 + 5 * DAY);
    const c = await r.stripe.subscriptions.cancel(sub.id);
    expect([c.canceled_at, c.ended_at, c.cancel_at, c.cancellation_details?.reason]).toEqual([JAN_1 + 5 * DAY, JAN_1 + 5 * DAY, null, 'cancellation_requested']);
  });

  it('cancel_at_period_end during a trial: canceled_at is the request time, before and after the end', async () => {
    const { clock, customer } = await clocked();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: (await monthly(1000)).id }], trial_period_days: 14 });
    await advance(clock.id, JAN_1 + 2 * DAY);
    const set = await r.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect([set.cancel_at, set.canceled_at, set.status]).toEqual([JAN_1 + 14 * DAY, JAN_1 + 2 * DAY, 'trialing']);
    await advance(clock.id, JAN_1 + 20 * DAY);
    const ended = await r.stripe.subscriptions.retrieve(sub.id);
    expect([ended.status, ended.canceled_at, ended.ended_at]).toEqual(['canceled', JAN_1 + 2 * DAY, JAN_1 + 14 * DAY]);
  });

  it('cancel_at: the request time; clearing the schedule clears canceled_at', async () => {
    const { clock, customer } = await clocked();
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: (await monthly(1000)).id }] });
    await advance(clock.id, JAN_1 + DAY);
    const set = await r.stripe.subscriptions.update(sub.id, { cancel_at: JAN_1 + 40 * DAY });
    expect([set.cancel_at, set.canceled_at]).toEqual([JAN_1 + 40 * DAY, JAN_1 + DAY]);
    const cleared = await r.stripe.subscriptions.update(sub.id, { cancel_at: '' as any });
    expect([cleared.cancel_at, cleared.canceled_at]).toEqual([null, null]);
    await r.stripe.subscriptions.update(sub.id, { cancel_at: JAN_1 + 40 * DAY });
    await advance(clock.id, JAN_1 + 45 * DAY);
    const ended = await r.stripe.subscriptions.retrieve(sub.id);
    expect([ended.status, ended.canceled_at, ended.ended_at]).toEqual(['canceled', JAN_1 + DAY, JAN_1 + 40 * DAY]);
  });

  it('created with cancel_at_period_end: canceled_at is the creation; a deleted customer cancels now', async () => {
    const { clock, customer } = await clocked();
    const plan = await monthly(1000);
    const scheduled = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }], cancel_at_period_end: true });
    expect([scheduled.cancel_at, scheduled.canceled_at]).toEqual([FEB_1, JAN_1]);
    const other = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }] });
    await advance(clock.id, JAN_1 + 3 * DAY);
    await r.stripe.customers.del(customer.id);
    const gone = await r.stripe.subscriptions.retrieve(other.id);
    expect([gone.status, gone.canceled_at, gone.ended_at]).toEqual(['canceled', JAN_1 + 3 * DAY, JAN_1 + 3 * DAY]);
  });
});
