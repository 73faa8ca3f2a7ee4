// Usage threshold alerts: billing.alert.triggered once per customer when its usage on the meter
// since the alert was created reaches the threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const triggered = async () =>
  (await r.db.query(`SELECT data FROM events WHERE type = 'billing.alert.triggered' ORDER BY seq`)).map((row) => (typeof row.data === 'string' ? JSON.parse(row.data) : row.data).data.object);

describe('billing alerts', () => {
  it('fires once per customer when usage reaches the threshold; inactive alerts stay quiet', async () => {
    const meter = await r.stripe.billing.meters.create({ display_name: 'Calls', event_name: 'alert_calls', default_aggregation: { formula: 'sum' } });
    const a = await r.stripe.customers.create({ name: 'A' });
    const b = await r.stripe.customers.create({ name: 'B' });
    const alert = await r.stripe.billing.alerts.create({ alert_type: 'usage_threshold', title: 'Over 100 calls', usage_threshold: { gte: 100, meter: meter.id, recurrence: 'one_time' } });
    expect(alert).toEqual({
      id: alert.id,
      object: 'billing.alert',
      alert_type: 'usage_threshold',
      livemode: false,
      status: 'active',
      title: 'Over 100 calls',
      usage_threshold: { filters: null, gte: 100, meter: meter.id, recurrence: 'one_time' },
    });
    const onlyB = await r.stripe.billing.alerts.create({ alert_type: 'usage_threshold', title: 'B over 10', usage_threshold: { gte: 10, meter: meter.id, recurrence: 'one_time', filters: [{ type: 'customer', customer: b.id }] } });
    const send = (c: string, v: number) => r.stripe.billing.meterEvents.create({ event_name: 'alert_calls', payload: { stripe_customer_id: c, value: String(v) } });
    await send(a.id, 60);
    await send(b.id, 9);
    expect(await triggered()).toEqual([]);
    await send(a.id, 40); // a: 100 → fires
    await send(b.id, 1); // b: 10 → only onlyB fires
    await send(a.id, 500); // already fired for a
    expect((await triggered()).map((t: any) => [t.alert.id, t.customer, t.value])).toEqual([
      [alert.id, a.id, 100],
      [onlyB.id, b.id, 10],
    ]);
    expect((await r.stripe.billing.alerts.deactivate(alert.id)).status).toBe('inactive');
    await send(b.id, 200); // the general alert is inactive: b does not fire it
    expect(await triggered()).toHaveLength(2);
    expect((await r.stripe.billing.alerts.activate(alert.id)).status).toBe('active');
    await send(b.id, 1);
    expect((await triggered()).map((t: any) => [t.alert.id, t.customer])).toContainEqual([alert.id, b.id]);
    expect((await r.stripe.billing.alerts.archive(alert.id)).status).toBe('archived');
    await expectStripeError(r.stripe.billing.alerts.activate(alert.id), { status: 400 });
    expect((await r.stripe.billing.alerts.list({ meter: meter.id })).data.map((x) => x.id)).toEqual([onlyB.id, alert.id]);
    await expectStripeError(r.stripe.billing.alerts.create({ alert_type: 'usage_threshold', title: 'x', usage_threshold: { gte: 1, meter: 'mtr_nope', recurrence: 'one_time' } }), {
      status: 400,
      param: 'usage_threshold[meter]',
    });
  });
});
