// Webhook delivery by the engine to a local receiver: signed so the SDK verifies it, retried with
// backoff while the receiver is down (on a fixed clock), in order per object, every attempt
// recorded, resent by hand, and a failing endpoint disabled after 3 days with an email to the owner.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { deliverDueWebhooks, runWebhookOutbox } from '../../src/services/webhooks/deliver-webhooks.ts';
import { runEmailOutbox } from '../../src/services/emails/email-outbox.ts';
import { postWebhook, publicOnlyLookup } from '../../src/events/webhooks/post-webhook.ts';
import { createServer } from 'node:http';

let r: TestRecur;
let receiver: WebhookReceiver;
beforeAll(async () => {
  r = await startRecur({ compose: { webhooks: { allowPrivateAddresses: true } } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await r.close();
});
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answer = () => 200;
  for (const e of (await r.stripe.webhookEndpoints.list({ limit: 100 })).data) await r.stripe.webhookEndpoints.del(e.id);
});

const verifier = new Stripe('sk_test_unused');
const timestampOf = (signature: string) => Number(/t=(\d+)/.exec(signature)![1]);

/** Runs delivery at each instant something is due, moving the fixed clock there, until nothing is left or `until`. */
async function deliverUntil(until: number): Promise<void> {
  for (;;) {
    await runWebhookOutbox(r.context());
    // Deliveries waiting behind an earlier one of their object are due already: the next instant is a later one.
    const [row] = await r.db.query(`SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at > $1`, [r.clock.now()]);
    if (row.at === null || Number(row.at) > until) return;
    r.clock.set(Number(row.at));
  }
}

describe('webhook delivery', () => {
  it('POSTs each event signed as Stripe signs it, so constructEvent verifies it, and records the attempt', async () => {
    const endpoint = await r.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['customer.created', 'customer.updated'] });
    const customer = await r.stripe.customers.create({ email: 'sig@example.com' });
    await r.stripe.customers.update(customer.id, { name: 'Signed' });
    expect(receiver.received).toHaveLength(0); // never inline in the request
    expect(await deliverDueWebhooks(r.context())).toBe(1); // the update waits for the creation (same object)
    expect(await deliverDueWebhooks(r.context())).toBe(1);
    expect(await deliverDueWebhooks(r.context())).toBe(0);
    const events = receiver.received.map((h) => verifier.webhooks.constructEvent(h.body, h.signature, endpoint.secret!, 300, undefined, r.clock.now()));
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.updated']);
    expect((events[0].data.object as Stripe.Customer).id).toBe(customer.id);
    expect(receiver.received.every((h) => timestampOf(h.signature) === r.clock.now())).toBe(true);
    expect(() => verifier.webhooks.constructEvent(receiver.received[0].body, receiver.received[0].signature, 'whsec_wrong', 300, undefined, r.clock.now())).toThrow();

    const attempts = await r.fetch(`/v1/recur/webhook_endpoints/${endpoint.id}/attempts`);
    expect(attempts.body.object).toBe('list');
    expect(attempts.body.data.map((a: any) => [a.event, a.status_code, a.succeeded, a.response_body])).toEqual([
      [events[1].id, 200, true, 'ok'],
      [events[0].id, 200, true, 'ok'],
    ]);
    expect(attempts.body.data[0].duration_ms).toBeGreaterThanOrEqual(0);
    expect((await r.stripe.events.retrieve(events[0].id)).pending_webhooks).toBe(0);
  });

  it('retries on 500 with backoff while the receiver is down for a day; every event arrives, in order per object', async () => {
    const endpoint = await r.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    const t0 = r.clock.now();
    const downUntil = t0 + 86_400;
    receiver.answer = () => (r.clock.now() < downUntil ? 500 : 200);
    const a = await r.stripe.customers.create({ name: 'A' });
    await r.stripe.customers.update(a.id, { name: 'A2' });
    await r.stripe.customers.update(a.id, { name: 'A3' });
    const b = await r.stripe.customers.create({ name: 'B' });
    await deliverUntil(t0 + 3 * 86_400);

    // The first event of each object: attempts at 0, +1 min, +2, +4 … doubling, at most 6 h apart.
    const firstOfA = receiver.received.filter((h) => h.event.type === 'customer.created' && h.event.data.object.id === a.id);
    const offsets = firstOfA.map((h) => timestampOf(h.signature) - t0);
    expect(offsets).toEqual([0, 60, 180, 420, 900, 1860, 3780, 7620, 15300, 30660, 52260, 73860, 95460]);
    const delivered = receiver.received.filter((h) => r.clock.now() >= downUntil && timestampOf(h.signature) >= downUntil);
    // Each object's events arrive in the order they happened; the later ones never went out before.
    const namesOfA = delivered.filter((h) => h.event.data.object.id === a.id).map((h) => h.event.data.object.name);
    expect(namesOfA).toEqual(['A', 'A2', 'A3']);
    expect(receiver.received.filter((h) => h.event.data.object.id === a.id && h.event.type === 'customer.updated')).toHaveLength(2);
    expect(delivered.filter((h) => h.event.data.object.id === b.id).map((h) => h.event.type)).toEqual(['customer.created']);
    const pending = await r.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 AND status <> 'succeeded'`, [endpoint.id]);
    expect(pending[0].n).toBe(0);
    expect((await r.stripe.webhookEndpoints.retrieve(endpoint.id)).status).toBe('enabled');

    const attempts = await r.fetch(`/v1/recur/webhook_endpoints/${endpoint.id}/attempts?limit=100`);
    const failedAttempts = attempts.body.data.filter((x: any) => !x.succeeded);
    expect(failedAttempts.length).toBe(24); // 12 failures for each of the two first events
    expect(failedAttempts[0]).toMatchObject({ status_code: 500, error: null });
    expect(failedAttempts[0].response_body.length).toBe(1024);
  });

  it('resends one event to one endpoint by hand', async () => {
    const endpoint = await r.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['product.created'] });
    await r.stripe.products.create({ name: 'Resent' });
    await runWebhookOutbox(r.context());
    expect(receiver.received).toHaveLength(1);
    const eventId = receiver.received[0].event.id;
    const resent = await r.fetch(`/v1/recur/events/${eventId}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `webhook_endpoint=${endpoint.id}`,
    });
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ id: eventId, pending_webhooks: 1 });
    await runWebhookOutbox(r.context());
    expect(receiver.received.map((h) => h.event.id)).toEqual([eventId, eventId]);
    const missing = await r.fetch(`/v1/recur/events/${eventId}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_endpoint=we_nope',
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.param).toBe('webhook_endpoint');
  });

  it('disables an endpoint that failed for 3 days, records recur.webhook_endpoint.disabled and emails the owner', async () => {
    await r.fetch('/v1/recur/settings/emails', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'owner_email=owner@example.com',
    });
    receiver.answer = () => 503;
    const endpoint = await r.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['coupon.created'] });
    const t0 = r.clock.now();
    await r.stripe.coupons.create({ percent_off: 5, duration: 'once' });
    await deliverUntil(t0 + 4 * 86_400);
    const after = await r.stripe.webhookEndpoints.retrieve(endpoint.id);
    expect(after.status).toBe('disabled');
    const [disabled] = (await r.stripe.events.list({ type: 'recur.webhook_endpoint.disabled' as any, limit: 1 })).data;
    expect((disabled.data.object as any).id).toBe(endpoint.id);
    expect(disabled.created).toBe(t0 + 3 * 86_400);
    expect(disabled.request).toEqual({ id: null, idempotency_key: null });
    const [delivery] = await r.db.query(`SELECT status, attempt_count FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    expect(delivery.status).toBe('failed');
    await runEmailOutbox(r.context());
    const emails = await r.fetch('/v1/recur/emails?message=webhook_endpoint_disabled');
    expect(emails.body.data.map((m: any) => m.to)).toEqual(['owner@example.com']);
  });

  it('refuses private addresses at connect time and gives up after the timeout', async () => {
    const hit: string[] = [];
    const silent = createServer((req) => hit.push(req.url ?? ''));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook`;
    const refused = await postWebhook(url, '{}', {}, { allowPrivate: false });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(/[Pp]rivate/);
    const lookup = await new Promise<Error | null>((resolve) => publicOnlyLookup('localhost', {}, (err) => resolve(err)));
    expect(lookup?.message).toMatch(/private address/);
    const timedOut = await postWebhook(url, '{}', {}, { allowPrivate: true, timeoutMs: 300 });
    expect(timedOut).toMatchObject({ ok: false, statusCode: null, error: 'timed out after 0.3 s' });
    expect(hit).toEqual(['/hook']);
    silent.closeAllConnections();
    silent.close();
  });
});

describe('odd answers', () => {
  it('records an answer with NUL bytes and a character cut at 1 KB', async () => {
    const odd = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end('\u0000' + 'a'.repeat(1022) + '😀 and more'));
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    try {
      const endpoint = await r.stripe.webhookEndpoints.create({ url: `http://127.0.0.1:${(odd.address() as { port: number }).port}/`, enabled_events: ['tax_rate.created'] });
      await r.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: false });
      expect(await runWebhookOutbox(r.context())).toBe(1);
      const attempts = await r.fetch(`/v1/recur/webhook_endpoints/${endpoint.id}/attempts`);
      expect(attempts.body.data[0]).toMatchObject({ succeeded: true, status_code: 200, response_body: 'a'.repeat(1022) });
    } finally {
      odd.closeAllConnections();
      odd.close();
    }
  });
});

describe('webhook delivery on embedded PGlite', () => {
  it('fans out, delivers and records the attempt as on PostgreSQL', async () => {
    const p = await startRecur({ pglite: true, compose: { webhooks: { allowPrivateAddresses: true } } });
    const hooks = await startWebhookReceiver();
    try {
      const endpoint = await p.stripe.webhookEndpoints.create({ url: hooks.url, enabled_events: ['customer.created'] });
      const customer = await p.stripe.customers.create({ name: 'Embedded' });
      expect(await runWebhookOutbox(p.context())).toBe(1);
      const event = verifier.webhooks.constructEvent(hooks.received[0].body, hooks.received[0].signature, endpoint.secret!, 300, undefined, p.clock.now());
      expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
      const attempts = await p.fetch(`/v1/recur/webhook_endpoints/${endpoint.id}/attempts`);
      expect(attempts.body.data.map((a: any) => a.status_code)).toEqual([200]);
    } finally {
      await hooks.close();
      await p.close();
    }
  });
});
