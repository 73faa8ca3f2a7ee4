// Meters whose events arrive pre-aggregated (event_time_window): in each UTC hour or day only the
// most recently received event counts, summaries and invoices see one value per window, and a
// period bills the windows that end inside it (the day straddling its end goes to the next period).
import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { DAY as D, FEB_1, HOUR as H, JAN_1, MAR_1 } from '../support/calendar.ts';

const r = recurForFile();

describe('pre-aggregated meters (event_time_window)', () => {
  it('an hourly `last` meter: the latest arrival of each hour counts; by day, the day\'s last hour', async () => {
    const m = await r.stripe.billing.meters.create({ display_name: 'Seats', event_name: 'win_seats', default_aggregation: { formula: 'last' }, event_time_window: 'hour' });
    const c = await r.stripe.customers.create({ name: 'Seats' });
    const t0 = r.clock.now() - (r.clock.now() % D) - 2 * D; // two days ago, 00:00 UTC
    const send = (id: string, t: number, v: number) =>
      r.stripe.billing.meterEvents.create({ event_name: 'win_seats', identifier: id, timestamp: t, payload: { stripe_customer_id: c.id, value: String(v) } });
    await send('s-1', t0 + 10, 3);
    await send('s-2', t0 + 30, 8);
    await send('s-3', t0 + 20, 4); // received last in hour 0: it is the hour's value, though its timestamp is earlier
    await send('s-4', t0 + H + 5, 6);
    await send('s-5', t0 + D + 2 * H, 9);
    await send('s-6', t0 + D + 2 * H + 60, 2);
    await r.stripe.billing.meterEventAdjustments.create({ event_name: 'win_seats', type: 'cancel', cancel: { identifier: 's-6' } }); // hour's value goes back to 9
    const summaries = async (p: { start: number; end: number; by?: 'hour' | 'day' }) =>
      (await r.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: p.start, end_time: p.end, ...(p.by ? { value_grouping_window: p.by } : {}) })).data.map((s) => [s.start_time - t0, s.aggregated_value]);
    expect(await summaries({ start: t0, end: t0 + 2 * D, by: 'hour' })).toEqual([
      [0, 4],
      [H, 6],
      [D + 2 * H, 9],
    ]);
    expect(await summaries({ start: t0, end: t0 + 2 * D, by: 'day' })).toEqual([
      [0, 6], // the last hour of day 0
      [D, 9],
    ]);
    // Without grouping: the hours that end inside (0:00:05, 1:00:30] — only hour 0.
    expect(await summaries({ start: t0 + 5, end: t0 + H + 30 })).toEqual([[5, 4]]);
  });

  it('a daily `sum` meter bills each complete day once, by its latest report; summaries by hour are refused', async () => {
    const m = await r.stripe.billing.meters.create({ display_name: 'Storage', event_name: 'win_storage', default_aggregation: { formula: 'sum' }, event_time_window: 'day' });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 10, product_data: { name: 'Storage' }, recurring: { interval: 'month', usage_type: 'metered', meter: m.id } });
    // Periods run from 03:00 UTC: [Jan 1 03:00, Feb 1 03:00), [Feb 1 03:00, Mar 1 03:00).
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1 + 3 * H);
    await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const send = (id: string, t: number, v: number) =>
      r.stripe.billing.meterEvents.create({ event_name: 'win_storage', identifier: id, timestamp: t, payload: { stripe_customer_id: customer.id, value: String(v) } });
    const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
    const storageLine = async () => {
      const inv = (await r.stripe.invoices.list({ customer: customer.id, limit: 1 })).data[0];
      return { inv, line: inv.lines.data.find((l) => l.pricing?.price_details?.price === price.id)! };
    };

    await advance(JAN_1 + 20 * D);
    await send('jan1-a', JAN_1 + 5 * H, 10);
    await send('jan1-b', JAN_1 + H, 12); // Jan 1 reported again: 12 replaces 10
    await send('jan15', JAN_1 + 14 * D + 7 * H, 5);
    await advance(FEB_1 + 2 * H);
    await send('jan31', FEB_1 - 2 * H, 7);
    await send('feb1', FEB_1 + H, 100); // inside January's period by its time, but Feb 1 ends in February's

    const byDay = await r.stripe.billing.meters.listEventSummaries(m.id, { customer: customer.id, start_time: JAN_1, end_time: FEB_1 + D, value_grouping_window: 'day' });
    expect(byDay.data.map((s) => [(s.start_time - JAN_1) / D, s.aggregated_value])).toEqual([
      [0, 12],
      [14, 5],
      [30, 7],
      [31, 100],
    ]);
    await expectStripeError(
      r.stripe.billing.meters.listEventSummaries(m.id, { customer: customer.id, start_time: JAN_1, end_time: JAN_1 + D, value_grouping_window: 'hour' }),
      { status: 400, type: 'invalid_request_error', param: 'value_grouping_window' },
    );

    await advance(FEB_1 + 6 * H); // renewal at 03:00, finalized an hour later
    const feb = await storageLine();
    expect([feb.line.quantity, feb.line.amount, feb.line.period]).toEqual([24, 240, { start: JAN_1 + 3 * H, end: FEB_1 + 3 * H }]); // 12 + 5 + 7 days' values, 10¢ each
    expect(feb.inv.status).toBe('paid');

    await advance(FEB_1 + 20 * H);
    await send('feb1-b', FEB_1 + 20 * H, 80); // Feb 1 reported again, then the report is canceled: 100 stands
    await r.stripe.billing.meterEventAdjustments.create({ event_name: 'win_storage', type: 'cancel', cancel: { identifier: 'feb1-b' } });
    await advance(FEB_1 + 10 * D);
    await send('feb10', FEB_1 + 9 * D, 3);
    await advance(MAR_1 + 6 * H);
    const mar = await storageLine();
    expect(mar.inv.id).not.toBe(feb.inv.id);
    expect([mar.line.quantity, mar.line.amount]).toEqual([103, 1030]); // Feb 1's 100 + Feb 10's 3
  });
});
