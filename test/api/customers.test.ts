import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

describe('customers through the official client', () => {
  it('creates, retrieves, updates and deletes a customer', async () => {
    const c = await r.stripe.customers.create({
      email: 'ada@example.com',
      name: 'Ada',
      phone: '+15550100',
      address: { country: 'GB', city: 'London' },
      metadata: { plan: 'pro' },
      preferred_locales: ['en'],
      tax_exempt: 'none',
      invoice_settings: { footer: 'Thanks' },
    });
    expect(c.id).toMatch(/^cus_/);
    expect(c.object).toBe('customer');
    expect(c.livemode).toBe(false);
    expect(c.balance).toBe(0);
    expect(c.address?.city).toBe('London');
    expect(c.invoice_settings.footer).toBe('Thanks');

    const got = await r.stripe.customers.retrieve(c.id);
    expect(got).toEqual(c);

    const u = await r.stripe.customers.update(c.id, { name: 'Ada L', metadata: { plan: '', tier: 'gold' }, balance: -1500 });
    expect(u.name).toBe('Ada L');
    expect(u.metadata).toEqual({ tier: 'gold' });
    expect(u.balance).toBe(-1500);

    const events = await r.db.query(`SELECT type FROM events WHERE customer_id = $1 ORDER BY seq`, [c.id]);
    // Setting the balance records a balance transaction, with its event.
    expect(events.map((e) => e.type)).toEqual(['customer.created', 'customer.balance_transaction.created', 'customer.updated']);

    const d = await r.stripe.customers.del(c.id);
    expect(d).toEqual({ id: c.id, object: 'customer', deleted: true });
    const again = await r.stripe.customers.retrieve(c.id);
    expect(again.deleted).toBe(true);
    await expectStripeError(r.stripe.customers.update(c.id, { name: 'x' }), { status: 404, code: 'resource_missing' });
  });

  it("takes its currency from its first finalized invoice, and keeps it", async () => {
    const c = await r.stripe.customers.create({ email: 'eur@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    expect(c.currency).toBeNull();
    const price = await r.stripe.prices.create({ currency: 'eur', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Euro plan' } });
    await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    expect((await r.stripe.customers.retrieve(c.id) as any).currency).toBe('eur');
    const usd = await r.stripe.prices.create({ currency: 'usd', unit_amount: 900, product_data: { name: 'One-off' } });
    await r.stripe.invoiceItems.create({ customer: c.id, pricing: { price: usd.id } } as any);
    const invoice = await r.stripe.invoices.create({ customer: c.id, currency: 'usd', pending_invoice_items_behavior: 'include' } as any);
    await r.stripe.invoices.finalizeInvoice(invoice.id);
    expect((await r.stripe.customers.retrieve(c.id) as any).currency).toBe('eur');
  });

  it('lists with cursors and auto-pagination', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await r.stripe.customers.create({ email: `list${i}@example.com` })).id);
    const page = await r.stripe.customers.list({ limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.has_more).toBe(true);
    expect(page.data[0].id).toBe(made[6]);
    const next = await r.stripe.customers.list({ limit: 3, starting_after: page.data[2].id });
    expect(next.data[0].id).toBe(made[3]);
    const prev = await r.stripe.customers.list({ limit: 2, ending_before: next.data[0].id });
    expect(prev.data.map((c) => c.id)).toEqual([made[5], made[4]]);
    const all: string[] = [];
    for await (const c of r.stripe.customers.list({ limit: 2 })) all.push(c.id);
    expect(all.slice(0, 7)).toEqual([...made].reverse());
    const byEmail = await r.stripe.customers.list({ email: 'list3@example.com' });
    expect(byEmail.data.map((c) => c.id)).toEqual([made[3]]);
  });

  it('searches with the query language', async () => {
    const a = await r.stripe.customers.create({ email: 'search-a@acme.test', name: 'Alice Search', metadata: { region: 'eu' } });
    const b = await r.stripe.customers.create({ email: 'search-b@acme.test', name: 'Bob Search', metadata: { region: 'us' } });
    const exact = await r.stripe.customers.search({ query: "email:'search-a@acme.test'" });
    expect(exact.data.map((c) => c.id)).toEqual([a.id]);
    const meta = await r.stripe.customers.search({ query: "metadata['region']:'us' AND name~'Search'" });
    expect(meta.data.map((c) => c.id)).toEqual([b.id]);
    const or = await r.stripe.customers.search({ query: "metadata['region']:'us' OR metadata['region']:'eu'" });
    expect(or.data.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    const paged = await r.stripe.customers.search({ query: "name~'Search'", limit: 1 });
    expect(paged.has_more).toBe(true);
    const page2 = await r.stripe.customers.search({ query: "name~'Search'", limit: 1, page: paged.next_page! });
    expect(page2.data[0].id).toBe(a.id);
    await expectStripeError(r.stripe.customers.search({ query: "nope:'x'" }), { status: 400, param: 'query' });
    await expectStripeError(r.stripe.customers.search({ query: "email:'x' AND name:'y' OR phone:'z'" }), { status: 400, param: 'query' });
  });

  it('answers bad input with Stripe-shaped errors and writes nothing', async () => {
    const before = (await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n;
    await expectStripeError(r.stripe.customers.create({ foo: 'bar' } as any), { status: 400, param: 'foo', code: 'parameter_unknown' });
    await expectStripeError(r.stripe.customers.create({ balance: 'abc' as any }), { status: 400, param: 'balance' });
    await expectStripeError(r.stripe.customers.create({ tax_exempt: 'sometimes' as any }), { status: 400, param: 'tax_exempt' });
    await expectStripeError(r.stripe.customers.create({ address: { city: 'x', planet: 'mars' } as any }), { status: 400, param: 'address[planet]' });
    await expectStripeError(r.stripe.customers.create({ metadata: { ['k'.repeat(41)]: 'v' } }), { status: 400 });
    await expectStripeError(r.stripe.customers.create({ test_clock: 'clock_nope' }), { status: 404, param: 'test_clock' });
    await expectStripeError(r.stripe.customers.retrieve('cus_missing'), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.customers.list({ limit: 101 }), { status: 400, param: 'limit' });
    await expectStripeError(r.stripe.customers.list({ starting_after: 'cus_missing' }), { status: 404, param: 'starting_after' });
    const malformed = await r.fetch('/v1/customers', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.type).toBe('invalid_request_error');
    const noAuth = await r.fetch('/v1/customers', { auth: false });
    expect(noAuth.status).toBe(401);
    const badAuth = await r.fetch('/v1/customers', { headers: { authorization: 'Bearer sk_test_wrong' } });
    expect(badAuth.status).toBe(401);
    const nowhere = await r.fetch('/v1/nothing');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.type).toBe('invalid_request_error');
    const after = (await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n;
    expect(after).toBe(before);
  });

  it('honours Idempotency-Key: replay, mismatch, and concurrent duplicates', async () => {
    const first = await r.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'idem-1' });
    const replay = await r.stripe.customers.create({ email: 'idem@example.com' }, { idempotencyKey: 'idem-1' });
    expect(replay.id).toBe(first.id);
    await expectStripeError(r.stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'idem-1' }), {
      status: 400,
      type: 'idempotency_error',
    });
    const racing = await Promise.all(
      Array.from({ length: 8 }, () => r.stripe.customers.create({ email: 'race@example.com' }, { idempotencyKey: 'idem-race' })),
    );
    expect(new Set(racing.map((c) => c.id)).size).toBe(1);
    const n = (await r.db.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'race@example.com'`))[0].n;
    expect(n).toBe(1);
  });

  it('replays a declined card (402) for the same Idempotency-Key', async () => {
    const first = await expectStripeError(
      r.stripe.customers.create({ email: 'declined@example.com', payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'idem-402' }),
      { status: 402, type: 'card_error' },
    );
    const again = await expectStripeError(
      r.stripe.customers.create({ email: 'declined@example.com', payment_method: 'pm_card_chargeDeclined' }, { idempotencyKey: 'idem-402' }),
      { status: 402, type: 'card_error' },
    );
    expect(again.message).toBe(first.message);
    expect(again.headers?.['idempotent-replayed']).toBe('true');
    const n = (await r.db.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'declined@example.com'`))[0].n;
    expect(n).toBe(0);
  });

  it('accepts JSON bodies and sets Request-Id', async () => {
    const res = await r.fetch('/v1/customers', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'json@example.com', metadata: { a: 'b' } }),
    });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toEqual({ a: 'b' });
    expect(res.headers.get('request-id')).toMatch(/^req_/);
  });
});
