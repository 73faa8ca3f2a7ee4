// Seed 003: a monthly usage allowance that refills when the subscription is paid. 1,000 API calls
// a month are free; beyond them calls cost 1¢ (overage billed) or are refused. Only the invoice of a
// period refills it, when paid: not an unpaid month, not a paid proration, and an old invoice paid
// late refills its own period, not the current one.
import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { APR_1, DAY, FEB_1, JAN_1, MAR_1 } from '../support/calendar.ts';

const r = recurForFile();

async function setUp(eventName: string) {
  const meter = await r.stripe.billing.meters.create({ display_name: 'API calls', event_name: eventName, default_aggregation: { formula: 'sum' } });
  const plan = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2000, product_data: { name: 'Plan' }, recurring: { interval: 'month' } });
  const calls = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'API calls' }, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
  const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
  const customer = await r.stripe.customers.create({ name: 'App', test_clock: clock.id });
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }, { price: calls.id }], collection_method: 'send_invoice', days_until_due: 30 });
  await r.stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true });
  const item = sub.items.data.find((i) => i.price.id === calls.id)!;
  const planItem = sub.items.data.find((i) => i.price.id === plan.id)!;
  const use = (id: string, at: number, n: number) =>
    r.stripe.billing.meterEvents.create({ event_name: eventName, identifier: id, timestamp: at, payload: { stripe_customer_id: customer.id, value: String(n) } });
  const allowance = async () => (await r.fetch(`/v1/recur/allowances?customer=${customer.id}`)).body.data[0];
  const left = async () => (await allowance()).remaining as number;
  const window = async () => {
    const a = await allowance();
    return { window_start: a.window_start as number, remaining: a.remaining as number };
  };
  const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
  const latest = async () => (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
  const callsLine = (inv: { lines: { data: Array<{ pricing: any; quantity: number | null; amount: number }> } }) => inv.lines.data.find((l) => l.pricing?.price_details?.price === calls.id)!;
  return { customer, sub, item, planItem, use, left, window, advance, latest, callsLine };
}

describe('seed 003: a monthly allowance that refills when the subscription is paid', () => {
  it('bills only the overage; refills only when the invoice of a period is paid', async () => {
    const s = await setUp('alw_calls');
    const created = await r.fetch('/v1/recur/allowances', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription_item: s.item.id, units: 1000 }) });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ object: 'recur.allowance', units: 1000, overage: 'bill', window_start: JAN_1, remaining: 1000 });

    await s.advance(JAN_1 + 10 * DAY);
    await s.use('jan-1', JAN_1 + 5 * DAY, 1500);
    expect(await s.left()).toBe(0);
    await s.advance(FEB_1 + 2 * 3600);
    const feb = await s.latest();
    expect([s.callsLine(feb).quantity, s.callsLine(feb).amount]).toEqual([500, 500]); // 1,500 − 1,000 free, 1¢ each
    expect(feb.total).toBe(2500); // 2,000 plan + 500
    // February's invoice stays unpaid: the allowance does not refill.
    expect(await s.window()).toEqual({ window_start: JAN_1, remaining: 0 });
    await s.advance(FEB_1 + 10 * DAY);
    await s.use('feb-1', FEB_1 + 9 * DAY, 300);

    // Mid-February the plan goes to 2 seats and the proration is invoiced and paid: it pays for no period, nothing refills.
    await s.advance(FEB_1 + 14 * DAY);
    const changed = await r.stripe.subscriptions.update(s.sub.id, { items: [{ id: s.planItem.id, quantity: 2 }], proration_behavior: 'always_invoice' });
    const proration = await r.stripe.invoices.retrieve(changed.latest_invoice as string);
    expect(proration.id).not.toBe(feb.id);
    expect(proration.lines.data.every((l) => l.parent?.subscription_item_details?.proration)).toBe(true);
    await r.stripe.invoices.pay(proration.id, { paid_out_of_band: true });
    expect(await s.window()).toEqual({ window_start: JAN_1, remaining: 0 });

    await s.advance(MAR_1 + 2 * 3600);
    const mar = await s.latest();
    expect(s.callsLine(mar).quantity).toBe(300); // all beyond the January allowance
    // February's invoice paid late, on March 5: February's allowance, not March's (March's invoice is unpaid).
    await s.advance(MAR_1 + 4 * DAY);
    await r.stripe.invoices.pay(feb.id, { paid_out_of_band: true });
    expect(await s.window()).toEqual({ window_start: FEB_1, remaining: 700 }); // 1,000 − February's 300
    await s.use('mar-1', MAR_1 + 3 * DAY, 250);
    expect(await s.left()).toBe(450); // 700 − 250
    // March's invoice paid: March's allowance.
    await r.stripe.invoices.pay(mar.id, { paid_out_of_band: true });
    expect(await s.window()).toEqual({ window_start: MAR_1, remaining: 750 }); // 1,000 − 250
    await s.advance(APR_1 + 2 * 3600);
    expect(s.callsLine(await s.latest()).quantity).toBe(0); // March's 250 calls were within March's allowance
  });

  it('refuses events beyond an allowance that refuses overage, until the next period is paid', async () => {
    const s = await setUp('alw_refuse');
    await r.fetch('/v1/recur/allowances', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription_item: s.item.id, units: 10, overage: 'refuse' }) });
    await s.advance(JAN_1 + DAY);
    await s.use('r-1', JAN_1 + DAY, 8);
    const e = await expectStripeError(s.use('r-2', JAN_1 + DAY, 3), { status: 400, code: 'allowance_exhausted', param: 'payload[value]' });
    expect(e.message).toMatch(/10 units/);
    await s.use('r-3', JAN_1 + DAY, 2);
    expect(await s.left()).toBe(0);
    // February begins unpaid: still nothing left, and February's events are refused.
    await s.advance(FEB_1 + 2 * 3600);
    await expectStripeError(s.use('r-4', FEB_1 + 3600, 1), { status: 400, code: 'allowance_exhausted' });
    // Paid for February: the allowance refills.
    await r.stripe.invoices.pay((await s.latest()).id, { paid_out_of_band: true });
    expect(await s.left()).toBe(10);
    await s.use('r-5', FEB_1 + 3600, 3);
    expect(await s.left()).toBe(7);
  });

  it('a meter that pre-aggregates (event_time_window) can bill its overage, not refuse it', async () => {
    const meter = await r.stripe.billing.meters.create({ display_name: 'Daily calls', event_name: 'alw_daily', default_aggregation: { formula: 'sum' }, event_time_window: 'day' });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'Daily calls' }, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const customer = await r.stripe.customers.create({ name: 'Daily' });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
    const post = (overage: string) => r.fetch('/v1/recur/allowances', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ subscription_item: sub.items.data[0].id, units: 5, overage }) });
    const refused = await post('refuse');
    expect([refused.status, refused.body.error.type, refused.body.error.param]).toEqual([400, 'invalid_request_error', 'overage']);
    expect((await post('bill')).body).toMatchObject({ overage: 'bill', remaining: 5 });
  });
});
