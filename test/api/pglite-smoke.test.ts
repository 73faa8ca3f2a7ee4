// The same app on embedded PGlite (what `npm start` uses without DATABASE_URL): the same SQL and migrations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ pglite: true });
});
afterAll(() => r.close());

describe('Recur on embedded PGlite', () => {
  it('creates, lists, searches and updates customers', async () => {
    const a = await r.stripe.customers.create({ email: 'lite-a@example.com', name: 'Lite A', metadata: { tier: 'gold', '7': 'digits' } });
    const b = await r.stripe.customers.create({ email: 'lite-b@example.com', name: 'Lite B', balance: -500 });
    expect(a.metadata).toEqual({ tier: 'gold', '7': 'digits' });
    expect(b.balance).toBe(-500);

    const page = await r.stripe.customers.list({ limit: 1 });
    expect(page.data.map((c) => c.id)).toEqual([b.id]);
    expect(page.has_more).toBe(true);
    const next = await r.stripe.customers.list({ limit: 1, starting_after: b.id });
    expect(next.data.map((c) => c.id)).toEqual([a.id]);

    const found = await r.stripe.customers.search({ query: "metadata['tier']:'gold' AND name~'Lite'" });
    expect(found.data.map((c) => c.id)).toEqual([a.id]);
    const byCreated = await r.stripe.customers.search({ query: `created>=${r.clock.now()} AND created<${r.clock.now() + 0.5}` });
    expect(byCreated.data.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());

    const u = await r.stripe.customers.update(a.id, { name: 'Lite A2', metadata: { tier: '' } });
    expect(u.name).toBe('Lite A2');
    expect(u.metadata).toEqual({ '7': 'digits' });
    expect(await r.stripe.customers.retrieve(a.id)).toEqual(u);
    await expectStripeError(r.stripe.customers.retrieve('cus_missing'), { status: 404, code: 'resource_missing' });
  });

  it('replays idempotent requests and refuses a reused key', async () => {
    const first = await r.stripe.customers.create({ email: 'lite-idem@example.com' }, { idempotencyKey: 'lite-1' });
    const again = await r.fetch('/v1/customers', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'lite-1' },
      body: 'email=lite-idem%40example.com',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(JSON.parse(JSON.stringify(first)));
    await expectStripeError(r.stripe.customers.create({ email: 'x@example.com' }, { idempotencyKey: 'lite-1' }), { type: 'idempotency_error' });
    const racing = await Promise.all(Array.from({ length: 5 }, () => r.stripe.customers.create({ email: 'lite-race@example.com' }, { idempotencyKey: 'lite-race' })));
    expect(new Set(racing.map((c) => c.id)).size).toBe(1);
  });
});
