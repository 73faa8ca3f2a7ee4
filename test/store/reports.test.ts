// MRR and receivables in SQL, on PostgreSQL, over subscriptions and invoices made through the
// official client: amounts to the cent, with the arithmetic beside each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { meterFor } from '../support/meters.ts';
import { mrrByCurrency, receivables } from '../../src/store/reports.ts';

let r: TestRecur;
const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z, the API's clock
const DAY = 86_400;

beforeAll(async () => {
  r = await startRecur({ now: JAN_1 });
});
afterAll(() => r.close());

async function customer(pm = 'pm_card_visa', extra: Stripe.CustomerCreateParams = {}) {
  return r.stripe.customers.create({ payment_method: pm, invoice_settings: { default_payment_method: pm }, ...extra });
}

const recurring = (unit_amount: number, interval: 'day' | 'week' | 'month' | 'year', extra: Partial<Stripe.PriceCreateParams> = {}) =>
  r.stripe.prices.create({
    currency: 'usd',
    unit_amount,
    recurring: { interval, ...(extra.recurring ?? {}) },
    product_data: { name: `${unit_amount}/${interval}` },
    ...extra,
  } as Stripe.PriceCreateParams);

async function subscribe(price: Stripe.Price, quantity: number | null = 1, extra: Partial<Stripe.SubscriptionCreateParams> = {}) {
  const c = await customer();
  return r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id, ...(quantity === null ? {} : { quantity }) }], ...extra });
}

describe('mrrByCurrency', () => {
  it('sums licensed items of active subscriptions, normalized to a month', async () => {
    const subs = [
      await subscribe(await recurring(2000, 'month'), 2), // 2000 × 2                = 4000
      await subscribe(await recurring(120000, 'year')), // 120000 / 12               = 10000
      await subscribe(await recurring(1000, 'week')), // 1000 × 52 / 12             = 4333.33…
      await subscribe(await recurring(100, 'day'), 3), // 100 × 3 × 365 / 12         = 9125
      await subscribe(await recurring(9000, 'month', { recurring: { interval: 'month', interval_count: 3 } })), // 9000 / 3 = 3000
      await subscribe(await recurring(1500, 'month', { currency: 'eur' })), // eur 1500
    ];
    expect(subs.map((s) => s.status)).toEqual(Array(6).fill('active'));

    // Not counted: a trial, metered usage, a canceled subscription, an incomplete one.
    expect((await subscribe(await recurring(5000, 'month'), 1, { trial_period_days: 14 })).status).toBe('trialing');
    await subscribe(await recurring(7, 'month', { recurring: { interval: 'month', usage_type: 'metered', meter: await meterFor(r.stripe, 'calls') } }), null);
    const canceled = await subscribe(await recurring(3000, 'month'));
    await r.stripe.subscriptions.cancel(canceled.id);
    const failing = await customer('pm_card_chargeCustomerFail');
    const incomplete = await r.stripe.subscriptions.create({
      customer: failing.id,
      items: [{ price: (await recurring(4200, 'month')).id }],
      payment_behavior: 'default_incomplete',
    });
    expect(incomplete.status).toBe('incomplete');

    // usd: 4000 + 10000 + 4333.33… + 9125 + 3000 = 30458.33… → 30458
    expect(await mrrByCurrency(r.db, JAN_1)).toEqual([
      { currency: 'eur', mrr: 1500, subscriptions: 1 },
      { currency: 'usd', mrr: 30458, subscriptions: 5 },
    ]);
    // Before any of them started there was none.
    expect(await mrrByCurrency(r.db, JAN_1 - 1)).toEqual([]);
  });

  it('leaves out a subscription set to be canceled by the instant asked about', async () => {
    const before = await mrrByCurrency(r.db, JAN_1 + 40 * DAY);
    const sub = await subscribe(await recurring(800, 'month'));
    await r.stripe.subscriptions.update(sub.id, { cancel_at: JAN_1 + 30 * DAY });
    const usd = (rows: Awaited<ReturnType<typeof mrrByCurrency>>) => rows.find((x) => x.currency === 'usd')!.mrr;
    // Still counted at JAN_1 + 10 days (800 more), gone by JAN_1 + 40 days.
    expect(usd(await mrrByCurrency(r.db, JAN_1 + 10 * DAY))).toBe(usd(before) + 800);
    expect(usd(await mrrByCurrency(r.db, JAN_1 + 40 * DAY))).toBe(usd(before));
  });
});

describe('receivables', () => {
  it("sums open invoices' amount remaining by currency, aged from the due date or finalization", async () => {
    const base = await receivables(r.db, JAN_1);
    // A send_invoice invoice due in 30 days, partly covered by a customer credit balance.
    const c = await customer('pm_card_visa', { balance: -500 });
    await r.stripe.invoiceItems.create({ customer: c.id, amount: 10000, currency: 'usd' });
    const sent = await r.stripe.invoices.create({
      customer: c.id,
      collection_method: 'send_invoice',
      days_until_due: 30,
      pending_invoice_items_behavior: 'include',
    });
    const fin = await r.stripe.invoices.finalizeInvoice(sent.id);
    // 10000 − 500 credit = 9500 remaining
    expect(fin).toMatchObject({ status: 'open', amount_remaining: 9500, due_date: JAN_1 + 30 * DAY });
    // A declined automatic charge in gbp: open from finalization.
    const d = await customer('pm_card_chargeCustomerFail');
    await r.stripe.invoiceItems.create({ customer: d.id, amount: 1234, currency: 'gbp' });
    const declined = await r.stripe.invoices.create({ customer: d.id, currency: 'gbp', pending_invoice_items_behavior: 'include' });
    expect(await r.stripe.invoices.finalizeInvoice(declined.id)).toMatchObject({ status: 'open', amount_remaining: 1234 });
    // A paid invoice owes nothing.
    const e = await customer();
    await r.stripe.invoiceItems.create({ customer: e.id, amount: 999, currency: 'usd' });
    const paid = await r.stripe.invoices.create({ customer: e.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    expect((await r.stripe.invoices.finalizeInvoice(paid.id)).status).toBe('paid');

    const usdBase = base.find((x) => x.currency === 'usd');
    const bucket = { days_0_30: 0, days_31_60: 0, days_61_90: 0, days_over_90: 0 };
    const at = (days: number) => receivables(r.db, JAN_1 + days * DAY);
    // 75 days on: the usd invoice is 45 days past its due date, the gbp one 75 past finalization.
    const later = await at(75);
    expect(later.find((x) => x.currency === 'gbp')).toEqual({
      currency: 'gbp', total: 1234, invoices: 1, aging: { ...bucket, days_61_90: 1234 },
    });
    const usd = later.find((x) => x.currency === 'usd')!;
    expect(usd.total).toBe((usdBase?.total ?? 0) + 9500);
    expect(usd.invoices).toBe((usdBase?.invoices ?? 0) + 1);
    expect(usd.aging.days_31_60).toBe(9500);
    // 200 days on, both are over 90 days; today, the usd one is not yet due (first bucket).
    expect((await at(200)).find((x) => x.currency === 'gbp')!.aging).toEqual({ ...bucket, days_over_90: 1234 });
    expect((await at(0)).find((x) => x.currency === 'usd')!.aging.days_0_30).toBe((usdBase?.aging.days_0_30 ?? 0) + 9500);
  });
});
