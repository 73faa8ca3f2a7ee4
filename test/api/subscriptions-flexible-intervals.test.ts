// Flexible billing mode: an item whose price moves to another interval gets that interval's period
// on the subscription's anchor; the other items and the anchor stay (classic restarts the cycle).
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1 } from '../support/calendar.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { JAN_17 } from '../support/clock-story.ts';

const r = recurForFile();

const JAN_1_2027 = JAN_1 + 365 * DAY;

const price = (amount: number, interval: 'month' | 'year', name: string) =>
  r.stripe.prices.create({ currency: 'usd', unit_amount: amount, recurring: { interval }, product_data: { name } });

describe('an item moved to another interval', () => {
  it('flexible: only that item takes a yearly period on the anchor; the seat keeps its month', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const [seat, addon, addonYearly] = [await price(1000, 'month', 'Seat'), await price(500, 'month', 'Archive'), await price(12000, 'year', 'Archive')];
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }, { price: addon.id }] });
    const [seatItem, addonItem] = sub.items.data;
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_17 });
    const moved = await r.stripe.subscriptions.update(sub.id, { items: [{ id: addonItem.id, price: addonYearly.id }], proration_behavior: 'always_invoice' });
    const lines = (await r.stripe.invoices.listLineItems(moved.latest_invoice as string)).data;
    expect(lines.map((l) => [l.amount, l.period.end])).toEqual([
      [-242, FEB_1], // January's 500 debit, its last 15 of 31 days: 500 × 15/31 = 241.94 → −242
      [11474, JAN_1_2027], // 12000 × 349/365 = 11473.97 → 11474, to the year's end on the anchor
    ]);
    expect(moved.billing_cycle_anchor).toBe(JAN_1);
    const periods = new Map(moved.items.data.map((i) => [i.id, [i.current_period_start, i.current_period_end]]));
    expect(periods.get(seatItem.id)).toEqual([JAN_1, FEB_1]);
    expect(periods.get(addonItem.id)).toEqual([JAN_1, JAN_1_2027]);

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const renewal = await r.stripe.invoices.retrieve((await r.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect([renewal.total, renewal.status]).toEqual([1000, 'paid']); // only the seat renews in February
    expect((renewal as Stripe.Invoice).lines.data.map((l) => l.amount)).toEqual([1000]);
  });

  it("metered usage is counted over the item's own period: a yearly metered item cancelled in March bills since January", async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const seat = await price(1000, 'month', 'Seat');
    const meter = await r.stripe.billing.meters.create({ display_name: 'Calls', event_name: 'yearly_calls', default_aggregation: { formula: 'sum' } });
    const calls = await r.stripe.prices.create({
      currency: 'usd',
      unit_amount: 5,
      recurring: { interval: 'year', usage_type: 'metered', meter: meter.id },
      product_data: { name: 'Calls' },
    });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id }, { price: calls.id }] });
    const metered = sub.items.data.find((i) => i.price.id === calls.id)!;
    expect([metered.current_period_start, metered.current_period_end]).toEqual([JAN_1, JAN_1_2027]);
    const record = async (at: number, quantity: number) => {
      await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at });
      await r.stripe.billing.meterEvents.create({ event_name: 'yearly_calls', timestamp: at, payload: { stripe_customer_id: customer.id, value: String(quantity) } });
    };
    await record(JAN_1 + 3 * DAY, 100); // January
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const february = await r.stripe.invoices.retrieve((await r.stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(february.total).toBe(1000); // the seat only: the calls' year has not ended
    const MAR_1 = FEB_1 + 28 * DAY;
    await record(MAR_1 + 2 * DAY, 50); // March
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_1 + 14 * DAY });
    const ended = await r.stripe.subscriptions.cancel(sub.id, { invoice_now: true });
    const final = (await r.stripe.invoices.listLineItems(ended.latest_invoice as string)).data;
    const usage = final.find((l) => l.parent?.subscription_item_details?.subscription_item === metered.id)!;
    expect([usage.quantity, usage.amount, usage.period.start]).toEqual([150, 750, JAN_1]); // (100 + 50) × 5, since the item's own start (not March's 50)
  });
});
