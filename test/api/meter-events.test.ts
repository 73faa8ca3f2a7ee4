// Meter events through the official client: v1 single events and adjustments, de-duplication by
// identifier, the accepted time window (test clocks included), and the v2 session + stream.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
let meter: Stripe.Billing.Meter;
let lastMeter: Stripe.Billing.Meter;
beforeAll(async () => {
  r = await startRecur();
  meter = await r.stripe.billing.meters.create({ display_name: 'Cases', event_name: 'case', default_aggregation: { formula: 'sum' } });
  lastMeter = await r.stripe.billing.meters.create({ display_name: 'Seats in use', event_name: 'seats', default_aggregation: { formula: 'last' } });
});
afterAll(() => r.close());

const DAY = 86400;
/** A meter's total for a customer over the last 40 days up to 10 minutes ahead. */
async function total(m: Stripe.Billing.Meter, customer: string, now = r.clock.now()): Promise<number> {
  const s = await r.stripe.billing.meters.listEventSummaries(m.id, { customer, start_time: now - 40 * DAY, end_time: now + 600 });
  return s.data[0]?.aggregated_value ?? 0;
}

describe('v1 meter events', () => {
  it('records an event with Stripe defaults and counts each identifier once', async () => {
    const c = await r.stripe.customers.create({ name: 'Clinic' });
    const e = await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '3' } });
    expect(e).toEqual({
      object: 'billing.meter_event',
      created: r.clock.now(),
      event_name: 'case',
      identifier: e.identifier,
      livemode: false,
      payload: { stripe_customer_id: c.id, value: '3' },
      timestamp: r.clock.now(),
    });
    expect(e.identifier).toBeTruthy();
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '5' }, identifier: 'case-1' });
    // The same identifier again within 24 hours (even with another value) counts once.
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '5' }, identifier: 'case-1' });
    r.clock.advance(23 * 3600);
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '7' }, identifier: 'case-1' });
    expect(await total(meter, c.id)).toBe(8); // 3 + 5
    // Past 24 hours, the identifier counts again.
    r.clock.advance(3600);
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '2' }, identifier: 'case-1' });
    expect(await total(meter, c.id)).toBe(10); // 3 + 5 + 2
  });

  it('accepts timestamps from 35 days back to 5 minutes ahead of the customer\'s clock', async () => {
    const c = await r.stripe.customers.create({ name: 'Window' });
    const now = r.clock.now();
    const send = (timestamp: number) => r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '1' }, timestamp });
    await send(now - 35 * DAY);
    await send(now + 300);
    const old = await expectStripeError(send(now - 35 * DAY - 1), { status: 400, param: 'timestamp' });
    expect(old.message).toMatch(/35 days/);
    const ahead = await expectStripeError(send(now + 301), { status: 400, param: 'timestamp' });
    expect(ahead.message).toMatch(/5 minutes/);
    expect(await total(meter, c.id)).toBe(2);

    // A customer on a test clock lives on the clock's time.
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: now - 100 * DAY });
    const tc = await r.stripe.customers.create({ name: 'Clocked', test_clock: clock.id });
    const onClock = (timestamp: number) => r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: tc.id, value: '4' }, timestamp });
    await onClock(now - 100 * DAY - 10 * DAY);
    await expectStripeError(onClock(now), { status: 400, param: 'timestamp' });
    expect(await total(meter, tc.id, now - 100 * DAY)).toBe(4);
  });

  it('refuses unknown event names, inactive meters, unknown customers and bad values', async () => {
    const c = await r.stripe.customers.create({ name: 'Bad input' });
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'nope', payload: { stripe_customer_id: c.id, value: '1' } }), {
      status: 400,
      param: 'event_name',
    });
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: 'cus_missing', value: '1' } }), {
      status: 400,
      param: 'payload[stripe_customer_id]',
    });
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { value: '1' } }), { status: 400, param: 'payload[stripe_customer_id]' });
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: 'lots' } }), {
      status: 400,
      param: 'payload[value]',
    });
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id } }), { status: 400, param: 'payload[value]' });
    const off = await r.stripe.billing.meters.create({ display_name: 'Old', event_name: 'old_thing', default_aggregation: { formula: 'count' } });
    await r.stripe.billing.meterEvents.create({ event_name: 'old_thing', payload: { stripe_customer_id: c.id } }); // count needs no value
    await r.stripe.billing.meters.deactivate(off.id);
    await expectStripeError(r.stripe.billing.meterEvents.create({ event_name: 'old_thing', payload: { stripe_customer_id: c.id } }), {
      status: 400,
      param: 'event_name',
    });
  });

  it('cancels an event by identifier; the latest value falls back for the last formula', async () => {
    const c = await r.stripe.customers.create({ name: 'Adjusted' });
    const now = r.clock.now();
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '10' }, identifier: 'adj-a' });
    await r.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '4' }, identifier: 'adj-b' });
    await r.stripe.billing.meterEvents.create({ event_name: 'seats', payload: { stripe_customer_id: c.id, value: '12' }, identifier: 'seat-1', timestamp: now - 60 });
    await r.stripe.billing.meterEvents.create({ event_name: 'seats', payload: { stripe_customer_id: c.id, value: '15' }, identifier: 'seat-2', timestamp: now - 30 });
    expect(await total(lastMeter, c.id)).toBe(15);
    const a = await r.stripe.billing.meterEventAdjustments.create({ event_name: 'case', type: 'cancel', cancel: { identifier: 'adj-a' } });
    expect(a).toEqual({ object: 'billing.meter_event_adjustment', cancel: { identifier: 'adj-a' }, event_name: 'case', livemode: false, status: 'complete', type: 'cancel' });
    expect(await total(meter, c.id)).toBe(4);
    // Canceling twice, or under another event name, is refused and changes nothing.
    await expectStripeError(r.stripe.billing.meterEventAdjustments.create({ event_name: 'case', type: 'cancel', cancel: { identifier: 'adj-a' } }), {
      status: 400,
      param: 'cancel[identifier]',
    });
    await expectStripeError(r.stripe.billing.meterEventAdjustments.create({ event_name: 'seats', type: 'cancel', cancel: { identifier: 'adj-b' } }), {
      status: 400,
      param: 'event_name',
    });
    expect(await total(meter, c.id)).toBe(4);
    await r.stripe.billing.meterEventAdjustments.create({ event_name: 'seats', type: 'cancel', cancel: { identifier: 'seat-2' } });
    expect(await total(lastMeter, c.id)).toBe(12);
  });
});

describe('v2 meter events through the SDK', () => {
  it('opens a session and streams batches with its token; identifiers de-duplicate across batches', async () => {
    const c1 = await r.stripe.customers.create({ name: 'Stream 1' });
    const c2 = await r.stripe.customers.create({ name: 'Stream 2' });
    const session = await r.stripe.v2.billing.meterEventSession.create();
    expect(session.object).toBe('v2.billing.meter_event_session');
    expect(Date.parse(session.expires_at) - Date.parse(session.created)).toBe(15 * 60 * 1000);
    const stream = new Stripe(session.authentication_token, { host: '127.0.0.1', port: r.port, protocol: 'http', maxNetworkRetries: 0 });
    const iso = new Date((r.clock.now() - 60) * 1000).toISOString();
    const events = Array.from({ length: 3000 }, (_, i) => ({
      event_name: 'case',
      identifier: `stream-${i % 2500}`, // 500 duplicates
      payload: { stripe_customer_id: i % 2 ? c1.id : c2.id, value: '1' },
      timestamp: iso,
    }));
    await stream.v2.billing.meterEventStream.create({ events });
    await stream.v2.billing.meterEventStream.create({ events: events.slice(0, 100) }); // a retried batch
    // stream-0..2499: even i → c2, odd → c1, 1250 each.
    expect(await total(meter, c1.id)).toBe(1250);
    expect(await total(meter, c2.id)).toBe(1250);

    // A bad event refuses the whole batch, naming it.
    const bad = await r.fetch('/v2/billing/meter_event_stream', {
      method: 'POST',
      headers: { authorization: `Bearer ${session.authentication_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ event_name: 'case', payload: { stripe_customer_id: c1.id, value: '1' } }, { event_name: 'case', payload: { stripe_customer_id: c1.id, value: 'x' } }] }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', param: 'events[1].payload.value' });
    expect(await total(meter, c1.id)).toBe(1250);

    // Too many events in one request.
    const many = await r.fetch('/v2/billing/meter_event_stream', {
      method: 'POST',
      headers: { authorization: `Bearer ${session.authentication_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: Array.from({ length: 10_001 }, () => ({ event_name: 'case', payload: {} })) }),
    });
    expect(many.status).toBe(400);

    // A secret key is not a session token; an expired session is the SDK's TemporarySessionExpiredError.
    const withKey = await r.fetch('/v2/billing/meter_event_stream', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
    expect(withKey.status).toBe(401);
    r.clock.advance(15 * 60);
    const expired = await stream.v2.billing.meterEventStream.create({ events: events.slice(0, 1) }).catch((e) => e);
    expect(expired).toBeInstanceOf(Stripe.errors.TemporarySessionExpiredError);
  });

  it('creates single events and adjustments on v2', async () => {
    const c = await r.stripe.customers.create({ name: 'v2 single' });
    const e = await r.stripe.v2.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '6' }, identifier: 'v2-one' });
    expect(e).toMatchObject({ object: 'v2.billing.meter_event', event_name: 'case', identifier: 'v2-one', timestamp: new Date(r.clock.now() * 1000).toISOString() });
    expect(await total(meter, c.id)).toBe(6);
    const a = await r.stripe.v2.billing.meterEventAdjustments.create({ event_name: 'case', type: 'cancel', cancel: { identifier: 'v2-one' } });
    expect(a).toMatchObject({ object: 'v2.billing.meter_event_adjustment', status: 'complete', cancel: { identifier: 'v2-one' } });
    expect(await total(meter, c.id)).toBe(0);
    const err = await r.stripe.v2.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '1' }, timestamp: 'yesterday' }).catch((x) => x);
    expect(err.statusCode).toBe(400);
  });
});

describe('on the embedded store (PGlite)', () => {
  it('partitions, de-duplicates, aggregates and streams as on PostgreSQL', async () => {
    const p = await startRecur({ pglite: true });
    try {
      const m = await p.stripe.billing.meters.create({ display_name: 'Cases', event_name: 'case', default_aggregation: { formula: 'sum' } });
      const c = await p.stripe.customers.create({ name: 'Embedded' });
      const now = p.clock.now();
      await p.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '2' }, identifier: 'e-1', timestamp: now - 40 * 86400 + 6 * 86400 });
      await p.stripe.billing.meterEvents.create({ event_name: 'case', payload: { stripe_customer_id: c.id, value: '2' }, identifier: 'e-1' });
      const session = await p.stripe.v2.billing.meterEventSession.create();
      const stream = new Stripe(session.authentication_token, { host: '127.0.0.1', port: p.port, protocol: 'http', maxNetworkRetries: 0 });
      await stream.v2.billing.meterEventStream.create({
        events: [1, 2, 3].map((i) => ({ event_name: 'case', identifier: `s-${i}`, timestamp: new Date(now * 1000).toISOString(), payload: { stripe_customer_id: c.id, value: String(i) } })),
      });
      const s = await p.stripe.billing.meters.listEventSummaries(m.id, { customer: c.id, start_time: now - 40 * DAY, end_time: now + 600 });
      expect(s.data[0].aggregated_value).toBe(8); // 2 (once) + 1 + 2 + 3
      const parts = (await p.db.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'meter_event_segments'::regclass`))[0].n;
      expect(parts).toBe(2); // November 2025 and January 2026
    } finally {
      await p.close();
    }
  });
});
