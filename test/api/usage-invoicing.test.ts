// Seed 000's funder on a test clock: seats licensed in advance ($35/seat/month), cases ($5) and
// SMS (5¢) metered in arrears from meter events, over three months, with exact invoices. A late
// event (timestamp in the period) that arrives before the renewal's draft finalizes is billed.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const FEB_1 = 1_769_904_000;
const MAR_1 = 1_772_323_200;
const APR_1 = 1_775_001_600;
const HOUR = 3600;

const priceOf = (l: Stripe.InvoiceLineItem) => l.pricing?.price_details?.price as string;

describe('seed 000: a funder billed per seat in advance and per case and SMS in arrears', () => {
  it('bills three months exactly from the meters', async () => {
    const cases = await r.stripe.billing.meters.create({ display_name: 'Cases', event_name: 'incytes_case', default_aggregation: { formula: 'sum' } });
    const sms = await r.stripe.billing.meters.create({ display_name: 'SMS', event_name: 'incytes_sms', default_aggregation: { formula: 'count' } });
    const seatPrice = await r.stripe.prices.create({ currency: 'usd', unit_amount: 3500, product_data: { name: 'User subscription' }, recurring: { interval: 'month' } });
    const casePrice = await r.stripe.prices.create({ currency: 'usd', unit_amount: 500, product_data: { name: 'Cases' }, recurring: { interval: 'month', usage_type: 'metered', meter: cases.id } });
    const smsPrice = await r.stripe.prices.create({ currency: 'usd', unit_amount: 5, product_data: { name: 'SMS' }, recurring: { interval: 'month', usage_type: 'metered', meter: sms.id } });
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: seatPrice.id, quantity: 3 }, { price: casePrice.id }, { price: smsPrice.id }],
    });
    const first = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first.total).toBe(10500); // 3 seats × $35, in advance; no usage yet
    expect(first.status).toBe('paid');

    const session = await r.stripe.v2.billing.meterEventSession.create();
    const stream = new Stripe(session.authentication_token, { host: '127.0.0.1', port: r.port, protocol: 'http', maxNetworkRetries: 0 });
    const iso = (t: number) => new Date(t * 1000).toISOString();
    const caseEvent = (id: string, t: number, value: number) =>
      r.stripe.billing.meterEvents.create({ event_name: 'incytes_case', identifier: id, timestamp: t, payload: { stripe_customer_id: customer.id, value: String(value) } });
    const smsBatch = (prefix: string, n: number, t: number) =>
      stream.v2.billing.meterEventStream.create({
        events: Array.from({ length: n }, (_, i) => ({ event_name: 'incytes_sms', identifier: `${prefix}-${i}`, timestamp: iso(t + i), payload: { stripe_customer_id: customer.id } })),
      });

    // January: 2 + 1 cases, a duplicate, a canceled one; 120 SMS sent twice (a retried batch).
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * 86400 });
    await caseEvent('jan-a', JAN_1 + 3 * 86400, 2);
    await caseEvent('jan-a', JAN_1 + 3 * 86400, 2); // duplicate: counted once
    await caseEvent('jan-b', JAN_1 + 9 * 86400 + 1234, 1);
    await caseEvent('jan-c', JAN_1 + 9 * 86400, 7);
    await r.stripe.billing.meterEventAdjustments.create({ event_name: 'incytes_case', type: 'cancel', cancel: { identifier: 'jan-c' } });
    await smsBatch('jan-sms', 120, JAN_1 + 5 * 86400);
    await smsBatch('jan-sms', 120, JAN_1 + 5 * 86400);

    // The last second of January is January's; the first second of February is February's.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 - 60 });
    await caseEvent('jan-last', FEB_1 - 1, 1);
    await caseEvent('feb-first', FEB_1 + 60, 4); // 1 minute ahead of the clock: accepted (≤ 5 min)

    // Feb 1: the renewal's draft waits an hour before finalizing; a late January case arrives meanwhile.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + HOUR / 2 });
    let feb = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
    expect(feb.status).toBe('draft');
    await caseEvent('jan-late', FEB_1 - 2 * HOUR, 3);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * HOUR });
    feb = await r.stripe.invoices.retrieve(feb.id);
    expect(feb.status).toBe('paid');
    const febLines = new Map(feb.lines.data.map((l) => [priceOf(l), l]));
    expect(febLines.get(seatPrice.id)!.amount).toBe(10500); // 3 × $35 for February
    expect(febLines.get(casePrice.id)!.quantity).toBe(7); // 2 + 1 + 1 (last second) + 3 (late); jan-c canceled
    expect(febLines.get(casePrice.id)!.amount).toBe(3500); // 7 × $5
    expect(febLines.get(casePrice.id)!.period).toEqual({ start: JAN_1, end: FEB_1 });
    expect(febLines.get(smsPrice.id)!.quantity).toBe(120);
    expect(febLines.get(smsPrice.id)!.amount).toBe(600); // 120 × 5¢
    expect(feb.total).toBe(14600); // 10500 + 3500 + 600

    // February: a fourth seat from Mar 1 (no proration), 250 SMS, cases on top of feb-first.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 14 * 86400 });
    const seatItem = sub.items.data.find((i) => i.price.id === seatPrice.id)!;
    await r.stripe.subscriptionItems.update(seatItem.id, { quantity: 4, proration_behavior: 'none' });
    await caseEvent('feb-a', FEB_1 + 13 * 86400, 6);
    await smsBatch('feb-sms', 250, FEB_1 + 10 * 86400);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_1 + 2 * HOUR });
    const mar = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
    const marLines = new Map(mar.lines.data.map((l) => [priceOf(l), l]));
    expect(marLines.get(seatPrice.id)!.amount).toBe(14000); // 4 × $35
    expect(marLines.get(casePrice.id)!.quantity).toBe(10); // 4 + 6
    expect(marLines.get(smsPrice.id)!.quantity).toBe(250);
    expect(mar.total).toBe(20250); // 14000 + 10 × 500 + 250 × 5
    expect(mar.status).toBe('paid');

    // March: no cases at all, 1 SMS.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_1 + 20 * 86400 });
    await smsBatch('mar-sms', 1, MAR_1 + 19 * 86400);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: APR_1 + 2 * HOUR });
    const apr = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
    const aprLines = new Map(apr.lines.data.map((l) => [priceOf(l), l]));
    expect(aprLines.get(casePrice.id)!.quantity).toBe(0);
    expect(aprLines.get(smsPrice.id)!.quantity).toBe(1);
    expect(apr.total).toBe(14005); // 14000 + 0 + 1 × 5
    expect((await r.stripe.invoices.list({ customer: customer.id })).data.map((i) => i.total)).toEqual([14005, 20250, 14600, 10500]);
  });
});
