// /v1/webhook_endpoints through the official client: the secret only at creation, enabled events
// checked against Stripe's names, `disabled`, delete, list, and the address rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { isPrivateAddress, urlRefusal } from '../../src/events/webhooks/address-safety.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

describe('webhook endpoints through the official client', () => {
  it('creates with a whsec_ secret shown once, retrieves, updates, disables, lists and deletes', async () => {
    const created = await r.stripe.webhookEndpoints.create({
      url: 'https://example.com/stripe/webhook',
      enabled_events: ['invoice.paid', 'customer.subscription.deleted'],
      description: 'Door access',
      metadata: { team: 'ops' },
    });
    expect(created.id).toMatch(/^we_/);
    expect(created.object).toBe('webhook_endpoint');
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(created.status).toBe('enabled');
    expect(created.api_version).toBe('2026-10-28.endive');
    expect(created.enabled_events).toEqual(['invoice.paid', 'customer.subscription.deleted']);
    expect(created.metadata).toEqual({ team: 'ops' });

    const got = await r.stripe.webhookEndpoints.retrieve(created.id);
    expect(got.secret).toBeUndefined();
    expect(got.url).toBe('https://example.com/stripe/webhook');

    const disabled = await r.stripe.webhookEndpoints.update(created.id, { disabled: true, enabled_events: ['*'], description: '' });
    expect(disabled.status).toBe('disabled');
    expect(disabled.enabled_events).toEqual(['*']);
    expect(disabled.description).toBeNull();
    expect((await r.stripe.webhookEndpoints.update(created.id, { disabled: false })).status).toBe('enabled');

    const other = await r.stripe.webhookEndpoints.create({ url: 'http://hooks.example.org/in', enabled_events: ['*'] });
    const listed = await r.stripe.webhookEndpoints.list();
    expect(listed.data.map((e) => e.id)).toEqual([other.id, created.id]);
    expect(listed.data.every((e) => e.secret === undefined)).toBe(true);

    const deleted = await r.stripe.webhookEndpoints.del(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: 'webhook_endpoint', deleted: true });
    await expectStripeError(r.stripe.webhookEndpoints.retrieve(created.id), { status: 404, code: 'resource_missing' });
  });

  it('delivers only to enabled endpoints that want the event type', async () => {
    const wants = await r.stripe.webhookEndpoints.create({ url: 'https://a.example.com/', enabled_events: ['product.created'] });
    const all = await r.stripe.webhookEndpoints.create({ url: 'https://b.example.com/', enabled_events: ['*'] });
    const off = await r.stripe.webhookEndpoints.create({ url: 'https://c.example.com/', enabled_events: ['*'] });
    await r.stripe.webhookEndpoints.update(off.id, { disabled: true });
    const product = await r.stripe.products.create({ name: 'Locker' });
    await r.stripe.products.update(product.id, { name: 'Big locker' });
    const rows = await r.db.query(
      `SELECT d.endpoint_id, e.type FROM webhook_deliveries d JOIN events e ON e.id = d.event_id WHERE e.object_id = $1 AND d.endpoint_id = ANY($2) ORDER BY d.endpoint_id, e.seq`,
      [product.id, [wants.id, all.id, off.id]],
    );
    const got = rows.map((x: any) => `${x.endpoint_id === wants.id ? 'wants' : x.endpoint_id === all.id ? 'all' : 'off'}:${x.type}`).sort();
    expect(got).toEqual(['all:product.created', 'all:product.updated', 'wants:product.created']);
  });

  it('refuses unknown event types, bad URLs and private addresses with a 400', async () => {
    await expectStripeError(r.stripe.webhookEndpoints.create({ url: 'https://example.com/', enabled_events: ['invoice.nonsense' as any] }), {
      status: 400,
      param: 'enabled_events',
    });
    await expectStripeError(r.stripe.webhookEndpoints.create({ url: 'https://example.com/', enabled_events: [] }), { status: 400 });
    await expectStripeError(r.stripe.webhookEndpoints.create({ url: 'ftp://example.com/', enabled_events: ['*'] }), { status: 400, param: 'url' });
    await expectStripeError(r.stripe.webhookEndpoints.create({ url: 'not a url', enabled_events: ['*'] }), { status: 400, param: 'url' });
    for (const url of ['http://127.0.0.1:3000/hook', 'http://localhost/hook', 'http://10.1.2.3/', 'http://169.254.169.254/latest', 'http://[::1]/', 'http://[fe80::1]/', 'http://[::ffff:192.168.0.1]/']) {
      await expectStripeError(r.stripe.webhookEndpoints.create({ url, enabled_events: ['*'] }), { status: 400, param: 'url' });
    }
    const ok = await r.stripe.webhookEndpoints.create({ url: 'https://example.com/', enabled_events: ['*'] });
    await expectStripeError(r.stripe.webhookEndpoints.update(ok.id, { url: 'http://192.168.1.10/' }), { status: 400, param: 'url' });
    await expectStripeError(r.stripe.webhookEndpoints.update(ok.id, { enabled_events: ['nope.nope' as any] }), { status: 400, param: 'enabled_events' });
    await expectStripeError(r.stripe.webhookEndpoints.update('we_missing', { disabled: true }), { status: 404 });
  });

  it('classifies addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '192.168.0.1', '169.254.1.1', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1'])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:2800:220:1:248:1893:25c8:1946', '172.32.0.1']) expect(isPrivateAddress(a), a).toBe(false);
    expect(urlRefusal('http://127.0.0.1:3000/', true)).toBeNull();
    expect(urlRefusal('http://127.0.0.1:3000/', false)).toMatch(/Private/);
  });
});
