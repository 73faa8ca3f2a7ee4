// Billing meters through the official client: create, retrieve, update, list, deactivate,
// reactivate, event summaries, and the rule that a metered price names an active meter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

describe('billing meters', () => {
  it('creates a meter with Stripe defaults and retrieves it', async () => {
    const m = await r.stripe.billing.meters.create({ display_name: 'Cases', event_name: 'case_opened', default_aggregation: { formula: 'sum' } });
    expect(m.id).toMatch(/^mtr_/);
    expect(m).toEqual({
      id: m.id,
      object: 'billing.meter',
      created: r.clock.now(),
      customer_mapping: { event_payload_key: 'stripe_customer_id', type: 'by_id' },
      default_aggregation: { formula: 'sum' },
      display_name: 'Cases',
      event_name: 'case_opened',
      event_time_window: null,
      livemode: false,
      status: 'active',
      status_transitions: { deactivated_at: null },
      updated: r.clock.now(),
      value_settings: { event_payload_key: 'value' },
    });
    expect(await r.stripe.billing.meters.retrieve(m.id)).toEqual(m);
    await expectStripeError(r.stripe.billing.meters.retrieve('mtr_nope'), { status: 404, code: 'resource_missing' });
  });

  it('takes custom payload keys and a time window; refuses a formula it does not know', async () => {
    const m = await r.stripe.billing.meters.create({
      display_name: 'SMS',
      event_name: 'sms_sent',
      default_aggregation: { formula: 'count' },
      customer_mapping: { event_payload_key: 'account', type: 'by_id' },
      value_settings: { event_payload_key: 'segments' },
      event_time_window: 'hour',
    });
    expect(m.customer_mapping.event_payload_key).toBe('account');
    expect(m.value_settings.event_payload_key).toBe('segments');
    expect(m.event_time_window).toBe('hour');
    await expectStripeError(
      r.stripe.billing.meters.create({ display_name: 'x', event_name: 'x1', default_aggregation: { formula: 'max' as any } }),
      { status: 400, param: 'default_aggregation[formula]' },
    );
    await expectStripeError(r.stripe.billing.meters.create({ display_name: 'x', event_name: 'x1' } as any), {
      status: 400,
      param: 'default_aggregation',
    });
    await expectStripeError(
      r.stripe.billing.meters.create({ display_name: 'dup', event_name: 'sms_sent', default_aggregation: { formula: 'sum' } }),
      { status: 400, param: 'event_name' },
    );
  });

  it('updates the display name, deactivates, reactivates and lists by status', async () => {
    const m = await r.stripe.billing.meters.create({ display_name: 'API calls', event_name: 'api_call', default_aggregation: { formula: 'last' } });
    r.clock.advance(60);
    const u = await r.stripe.billing.meters.update(m.id, { display_name: 'API requests' });
    expect(u.display_name).toBe('API requests');
    expect(u.updated).toBe(m.created + 60);
    const off = await r.stripe.billing.meters.deactivate(m.id);
    expect(off.status).toBe('inactive');
    expect(off.status_transitions.deactivated_at).toBe(r.clock.now());
    await expectStripeError(r.stripe.billing.meters.deactivate(m.id), { status: 400 });
    const inactive = await r.stripe.billing.meters.list({ status: 'inactive' });
    expect(inactive.data.map((x) => x.id)).toEqual([m.id]);
    const active = await r.stripe.billing.meters.list({ status: 'active' });
    expect(active.data.map((x) => x.id)).not.toContain(m.id);
    // A price cannot use an inactive meter.
    await expectStripeError(
      r.stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'Calls' }, recurring: { interval: 'month', usage_type: 'metered', meter: m.id } }),
      { status: 400, param: 'recurring[meter]' },
    );
    const on = await r.stripe.billing.meters.reactivate(m.id);
    expect(on.status).toBe('active');
    expect(on.status_transitions.deactivated_at).toBeNull();
    const all = await r.stripe.billing.meters.list({ limit: 100 });
    expect(all.data.length).toBe(3);
  });

  it('a metered price must name an existing meter', async () => {
    await expectStripeError(
      r.stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { name: 'Made up' }, recurring: { interval: 'month', usage_type: 'metered', meter: 'mtr_made_up' } }),
      { status: 400, param: 'recurring[meter]', code: 'resource_missing' },
    );
    const m = await r.stripe.billing.meters.create({ display_name: 'Docs', event_name: 'doc_signed', default_aggregation: { formula: 'sum' } });
    const p = await r.stripe.prices.create({ currency: 'usd', unit_amount: 40, product_data: { name: 'Docs' }, recurring: { interval: 'month', usage_type: 'metered', meter: m.id } });
    expect(p.recurring?.meter).toBe(m.id);
  });

  it('summarizes a customer\'s usage per hour and per day, from the aggregates', async () => {
    const m = await r.stripe.billing.meters.create({ display_name: 'Pages', event_name: 'page_printed', default_aggregation: { formula: 'sum' } });
    const c = await r.stripe.customers.create({ name: 'Printer' });
    const t0 = r.clock.now() - (r.clock.now() % 86400) - 2 * 86400; // two days ago, 00:00 UTC
    const send = (t: number, v: number) => r.stripe.billing.meterEvents.create({ event_name: 'page_printed', payload: { stripe_customer_id: c.id, value: String(v) }, timestamp: t });
    await send(t0 + 10, 3); // hour 0
    await send(t0 + 3599, 4); // hour 0
    await send(t0 + 3600, 5); // hour 1
    await send(t0 + 86400 + 7200, 6); // the next day, hour 2
    const hours = await r.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: t0, end_time: t0 + 2 * 86400, value_grouping_window: 'hour' });
    expect(hours.data.map((s) => [s.start_time - t0, s.end_time - t0, s.aggregated_value])).toEqual([
      [0, 3600, 7], // 3 + 4
      [3600, 7200, 5],
      [86400 + 7200, 86400 + 10800, 6],
    ]);
    const days = await r.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: t0, end_time: t0 + 2 * 86400, value_grouping_window: 'day' });
    expect(days.data.map((s) => s.aggregated_value)).toEqual([12, 6]); // 3 + 4 + 5; 6
    const total = await r.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: t0 + 5, end_time: t0 + 3600 });
    expect(total.data.map((s) => s.aggregated_value)).toEqual([7]); // partial hour read exactly: 3 + 4
    await expectStripeError(r.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id } as any), { status: 400, param: 'start_time' });
    await expectStripeError(
      r.stripe.billing.meters.listEventSummaries(m.id, { customer: 'cus_nope', start_time: t0, end_time: t0 + 3600 }),
      { status: 400, param: 'customer' },
    );
  });
});
