// API keys (Recur's own /v1/recur/api_keys): masked listing, secret and restricted keys, rolling
// with a grace period, revoking, and the publishable key — each checked by using the key itself.
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, TEST_API_KEY, type TestRecur } from '../support/recur.ts';
import { staffWithRole } from '../support/staff.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const clientFor = (secret: string) => new Stripe(secret, { host: '127.0.0.1', port: r.port, protocol: 'http', maxNetworkRetries: 0 });
const keys = async () => (await r.fetch('/v1/recur/api_keys')).body.data as any[];
const post = (path: string, json: Record<string, unknown> = {}) =>
  r.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

describe('API keys', () => {
  it('lists keys masked, never their secrets, with the publishable key shown whole', async () => {
    const list = await keys();
    const secret = list.find((k) => k.type === 'secret')!;
    expect(secret.redacted).toBe(`${TEST_API_KEY.slice(0, 8)}…${TEST_API_KEY.slice(-4)}`);
    expect(secret.status).toBe('active');
    expect(JSON.stringify(list)).not.toContain(TEST_API_KEY);
    const publishable = list.filter((k) => k.type === 'publishable');
    expect(publishable).toHaveLength(1);
    expect(publishable[0].token).toMatch(/^pk_test_\w{24,}$/);
    expect(publishable[0].redacted).toBe(publishable[0].token);
    // The same one on the next listing.
    expect((await keys()).find((k) => k.type === 'publishable').token).toBe(publishable[0].token);
  });

  it('creates a secret key whose secret is answered once and works with the official client', async () => {
    const made = await post('/v1/recur/api_keys', { name: 'Billing job' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ object: 'recur.api_key', type: 'secret', name: 'Billing job', status: 'active' });
    expect(made.body.secret).toMatch(/^sk_test_\w{24,}$/);
    const customer = await clientFor(made.body.secret).customers.create({ name: 'Made with a new key' });
    expect(customer.name).toBe('Made with a new key');
    const again = (await r.fetch(`/v1/recur/api_keys/${made.body.id}`)).body;
    expect(again.secret).toBeUndefined();
    expect(again.redacted).toBe(`${made.body.secret.slice(0, 8)}…${made.body.secret.slice(-4)}`);
  });

  it('a restricted key reads everything and every write is refused with a 403 permission error, changing nothing', async () => {
    const made = await post('/v1/recur/api_keys', { type: 'restricted', name: 'Read only' });
    expect(made.body.secret).toMatch(/^rk_test_/);
    const rk = clientFor(made.body.secret);
    const c = await r.stripe.customers.create({ name: 'Kept' });
    expect((await rk.customers.retrieve(c.id)).id).toBe(c.id);
    expect((await rk.customers.list({ limit: 3 })).data.length).toBeGreaterThan(0);
    expect((await r.fetch('/v1/recur/reports/mrr', { headers: { authorization: `Bearer ${made.body.secret}` } })).status).toBe(200);
    const e = await expectStripeError(rk.customers.update(c.id, { name: 'changed' }), { status: 403, type: 'invalid_request_error', code: 'permission_denied' });
    expect(e).toBeInstanceOf(Stripe.errors.StripePermissionError);
    await expectStripeError(rk.customers.create({ name: 'x' }), { status: 403 });
    await expectStripeError(rk.customers.del(c.id), { status: 403 });
    const viaKeys = await r.fetch('/v1/recur/api_keys', {
      method: 'POST',
      headers: { authorization: `Bearer ${made.body.secret}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(viaKeys.status).toBe(403);
    expect(((await r.stripe.customers.retrieve(c.id)) as Stripe.Customer).name).toBe('Kept');
  });

  it('refuses the publishable key on secret-key endpoints with 401', async () => {
    const pk = (await keys()).find((k) => k.type === 'publishable').token;
    const e = await expectStripeError(clientFor(pk).customers.list(), { status: 401 });
    expect(e).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(e.message).toContain('publishable API key');
  });

  it('rolls a key: the new secret works at once, the old one until the grace period ends, then 401', async () => {
    const made = await post('/v1/recur/api_keys', { name: 'To roll' });
    const rolled = await post(`/v1/recur/api_keys/${made.body.id}/roll`, { expires_in: 3600 });
    expect(rolled.status).toBe(200);
    expect(rolled.body.secret).toMatch(/^sk_test_/);
    expect(rolled.body.secret).not.toBe(made.body.secret);
    expect(rolled.body.name).toBe('To roll');
    const old = (await r.fetch(`/v1/recur/api_keys/${made.body.id}`)).body;
    expect(old).toMatchObject({ status: 'expiring', expires_at: r.clock.now() + 3600, rolled_to: rolled.body.id });
    await clientFor(made.body.secret).customers.list({ limit: 1 });
    await clientFor(rolled.body.secret).customers.list({ limit: 1 });
    r.clock.advance(3600);
    const e = await expectStripeError(clientFor(made.body.secret).customers.list({ limit: 1 }), { status: 401 });
    expect(e.message).toContain('Expired API Key');
    await clientFor(rolled.body.secret).customers.list({ limit: 1 });
    expect((await keys()).map((k) => k.id)).not.toContain(made.body.id);
    const twice = await post(`/v1/recur/api_keys/${made.body.id}/roll`);
    expect(twice.status).toBe(400);
  });

  it('rolls without a grace period: the old key is refused at once', async () => {
    const made = await post('/v1/recur/api_keys');
    await clientFor(made.body.secret).customers.list({ limit: 1 }); // cached as valid
    await post(`/v1/recur/api_keys/${made.body.id}/roll`);
    await expectStripeError(clientFor(made.body.secret).customers.list({ limit: 1 }), { status: 401 });
  });

  it('revokes a key: refused at once, listed only with include_revoked', async () => {
    const made = await post('/v1/recur/api_keys', { name: 'Leaked' });
    const client = clientFor(made.body.secret);
    await client.customers.list({ limit: 1 });
    const revoked = await post(`/v1/recur/api_keys/${made.body.id}/revoke`);
    expect(revoked.body).toMatchObject({ status: 'revoked', revoked_at: r.clock.now() });
    await expectStripeError(client.customers.list({ limit: 1 }), { status: 401 });
    expect((await keys()).map((k) => k.id)).not.toContain(made.body.id);
    const all = (await r.fetch('/v1/recur/api_keys?include_revoked=true')).body.data;
    expect(all.map((k: any) => k.id)).toContain(made.body.id);
  });

  it('rolls the publishable key; it cannot be revoked', async () => {
    const pk = (await keys()).find((k) => k.type === 'publishable');
    const refused = await post(`/v1/recur/api_keys/${pk.id}/revoke`);
    expect(refused.status).toBe(400);
    const rolled = await post(`/v1/recur/api_keys/${pk.id}/roll`);
    expect(rolled.body.token).toMatch(/^pk_test_/);
    const now = (await keys()).filter((k) => k.type === 'publishable');
    expect(now.map((k) => k.id)).toEqual([rolled.body.id]);
  });

  it('answers bad input with a 400 naming the parameter, an unknown key with 404, and refuses a viewer', async () => {
    const made = await post('/v1/recur/api_keys');
    const bad = await post(`/v1/recur/api_keys/${made.body.id}/roll`, { expires_in: 999999999 });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ type: 'invalid_request_error', param: 'expires_in' });
    const badType = await post('/v1/recur/api_keys', { type: 'publishable' });
    expect(badType.status).toBe(400);
    expect(badType.body.error.param).toBe('type');
    expect((await post('/v1/recur/api_keys/key_nope/revoke')).status).toBe(404);
    const viewer = await staffWithRole(r, 'viewer', 'keys-viewer@example.com');
    expect((await viewer.fetch('/v1/recur/api_keys')).status).toBe(200);
    expect((await viewer.fetch('/v1/recur/api_keys', { method: 'POST', json: {} })).status).toBe(403);
  });
});
