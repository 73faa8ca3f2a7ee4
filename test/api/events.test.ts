// /v1/events through the official client: real events of real changes, their filters and paging,
// and the 30-day window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

describe('events through the official client', () => {
  it('records customer.created with the object, and customer.updated with previous_attributes and the request', async () => {
    const customer = await r.stripe.customers.create({ email: 'ada@example.com', name: 'Ada' }, { idempotencyKey: 'create-ada' });
    await r.stripe.customers.update(customer.id, { name: 'Ada Lovelace' });
    const created = await r.stripe.events.list({ type: 'customer.created', limit: 1 });
    expect(created.data).toHaveLength(1);
    const ev = created.data[0];
    expect(ev.id).toMatch(/^evt_/);
    expect(ev.object).toBe('event');
    expect(ev.api_version).toBe('2026-10-28.endive');
    expect((ev.data.object as Stripe.Customer).id).toBe(customer.id);
    expect((ev.data.object as Stripe.Customer).email).toBe('ada@example.com');
    expect(ev.request?.idempotency_key).toBe('create-ada');
    expect(ev.request?.id).toMatch(/^req_/);
    expect(ev.pending_webhooks).toBe(0);

    const [updated] = (await r.stripe.events.list({ type: 'customer.updated', limit: 1 })).data;
    expect((updated.data.object as Stripe.Customer).name).toBe('Ada Lovelace');
    expect(updated.data.previous_attributes).toEqual({ name: 'Ada' });

    const again = await r.stripe.events.retrieve(ev.id);
    expect(again).toEqual(ev);
  });

  it('lists newest first with types[], a type wildcard, created ranges and pagination', async () => {
    r.clock.advance(60);
    const from = r.clock.now();
    const product = await r.stripe.products.create({ name: 'Desk' });
    await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500 });
    await r.stripe.products.update(product.id, { name: 'Hot desk' });
    const recent = await r.stripe.events.list({ created: { gte: from } });
    expect(recent.data.map((e) => e.type)).toEqual(['product.updated', 'price.created', 'product.created']);

    const some = await r.stripe.events.list({ types: ['price.created', 'product.updated'], created: { gte: from } });
    expect(some.data.map((e) => e.type)).toEqual(['product.updated', 'price.created']);
    const products = await r.stripe.events.list({ type: 'product.*', created: { gte: from } });
    expect(products.data.map((e) => e.type)).toEqual(['product.updated', 'product.created']);
    expect((await r.stripe.events.list({ created: { lt: from } })).data.every((e) => e.created < from)).toBe(true);

    const page1 = await r.stripe.events.list({ limit: 2 });
    expect(page1.has_more).toBe(true);
    const page2 = await r.stripe.events.list({ limit: 2, starting_after: page1.data[1].id });
    expect(page2.data[0].id).not.toBe(page1.data[1].id);
    const all: string[] = [];
    for await (const e of r.stripe.events.list({ limit: 3 })) all.push(e.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it('filters by delivery_success once webhooks are attempted', async () => {
    const endpoint = await r.stripe.webhookEndpoints.create({ url: 'https://example.com/hooks', enabled_events: ['coupon.created'] });
    const coupon = await r.stripe.coupons.create({ percent_off: 10, duration: 'once' });
    const [ev] = (await r.stripe.events.list({ type: 'coupon.created' })).data;
    expect((ev.data.object as Stripe.Coupon).id).toBe(coupon.id);
    expect(ev.pending_webhooks).toBe(1);
    expect((await r.stripe.events.list({ delivery_success: false })).data.map((e) => e.id)).toEqual([ev.id]);
    expect((await r.stripe.events.list({ delivery_success: true })).data).toEqual([]);
    await r.db.query(`UPDATE webhook_deliveries SET status = 'succeeded' WHERE event_id = $1`, [ev.id]);
    expect((await r.stripe.events.list({ delivery_success: true })).data.map((e) => e.id)).toEqual([ev.id]);
    expect((await r.stripe.events.retrieve(ev.id)).pending_webhooks).toBe(0);
    await r.stripe.webhookEndpoints.del(endpoint.id);
  });

  it('keeps events 30 days', async () => {
    const customer = await r.stripe.customers.create({ name: 'Old news' });
    const [ev] = (await r.stripe.events.list({ type: 'customer.created', limit: 1 })).data;
    expect((ev.data.object as Stripe.Customer).id).toBe(customer.id);
    r.clock.advance(31 * 86_400);
    await expectStripeError(r.stripe.events.retrieve(ev.id), { status: 404, code: 'resource_missing' });
    expect((await r.stripe.events.list({ limit: 100 })).data.find((e) => e.id === ev.id)).toBeUndefined();
  });

  it('refuses bad filters with a 400 naming the parameter', async () => {
    await expectStripeError(r.stripe.events.list({ limit: 0 }), { status: 400, param: 'limit' });
    await expectStripeError(r.stripe.events.list({ created: { gte: 'soon' as any } }), { status: 400, type: 'invalid_request_error' });
    await expectStripeError(r.stripe.events.list({ delivery_success: 'maybe' as any }), { status: 400, param: 'delivery_success' });
    await expectStripeError(r.stripe.events.retrieve('evt_nope'), { status: 404, code: 'resource_missing' });
  });
});
