import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const eventsFor = async (id: string) =>
  (await r.db.query(`SELECT type, data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [id])).map((e) => e.type);

describe('products through the official client', () => {
  it('creates, retrieves, updates and deletes a product', async () => {
    const p = await r.stripe.products.create({
      name: 'Clinician seat',
      description: 'One clinician on the platform',
      metadata: { funder: 'yes' },
      images: ['https://example.test/seat.png'],
      marketing_features: [{ name: 'Unlimited cases' }],
      package_dimensions: { height: 1.5, length: 2, weight: 0.25, width: 3 },
      shippable: false,
      statement_descriptor: 'RECUR SEAT',
      tax_code: 'txcd_10103000',
      unit_label: 'seat',
      url: 'https://example.test/seat',
    });
    expect(p.id).toMatch(/^prod_/);
    expect(p).toMatchObject({
      object: 'product',
      active: true,
      name: 'Clinician seat',
      description: 'One clinician on the platform',
      default_price: null,
      livemode: false,
      images: ['https://example.test/seat.png'],
      marketing_features: [{ name: 'Unlimited cases' }],
      package_dimensions: { height: 1.5, length: 2, weight: 0.25, width: 3 },
      shippable: false,
      statement_descriptor: 'RECUR SEAT',
      tax_code: 'txcd_10103000',
      type: 'service',
      unit_label: 'seat',
      url: 'https://example.test/seat',
      created: r.clock.now(),
      updated: r.clock.now(),
    });
    expect(await r.stripe.products.retrieve(p.id)).toEqual(p);

    r.clock.advance(60);
    const u = await r.stripe.products.update(p.id, { name: 'Clinician seat (2026)', metadata: { funder: '', tier: 'a' }, description: '', url: '' });
    expect(u.name).toBe('Clinician seat (2026)');
    expect(u.metadata).toEqual({ tier: 'a' });
    expect(u.description).toBeNull();
    expect(u.url).toBeNull();
    expect(u.updated).toBe(p.updated + 60);

    const d = await r.stripe.products.del(p.id);
    expect(d).toEqual({ id: p.id, object: 'product', deleted: true });
    await expectStripeError(r.stripe.products.retrieve(p.id), { status: 404, code: 'resource_missing', param: 'id' });
    await expectStripeError(r.stripe.products.update(p.id, { name: 'x' }), { status: 404, code: 'resource_missing' });
    expect(await eventsFor(p.id)).toEqual(['product.created', 'product.updated', 'product.deleted']);
    const updated = await r.db.query(`SELECT data FROM events WHERE type = 'product.updated' AND data->'data'->'object'->>'id' = $1`, [p.id]);
    expect(updated[0].data.data.previous_attributes).toMatchObject({ name: 'Clinician seat', metadata: { funder: 'yes' } });
  });

  it('accepts a custom id once, and rejects ids that look like other objects', async () => {
    const p = await r.stripe.products.create({ id: 'gold_plan', name: 'Gold' });
    expect(p.id).toBe('gold_plan');
    await expectStripeError(r.stripe.products.create({ id: 'gold_plan', name: 'Again' }), { status: 400, param: 'id', code: 'resource_already_exists' });
    await expectStripeError(r.stripe.products.create({ id: 'price_123', name: 'Confusing' }), { status: 400, param: 'id' });
    await expectStripeError(r.stripe.products.create({ id: 'bad id!', name: 'Spaces' }), { status: 400, param: 'id' });
  });

  it('creates a default price with default_price_data and can expand it', async () => {
    const p = await r.stripe.products.create({
      name: 'Hot desk',
      default_price_data: { currency: 'usd', unit_amount: 25000, recurring: { interval: 'month' }, currency_options: { eur: { unit_amount: 23000 } } },
      expand: ['default_price'],
    });
    const price = p.default_price as any;
    expect(price.object).toBe('price');
    expect(price).toMatchObject({ product: p.id, unit_amount: 25000, type: 'recurring', currency: 'usd' });
    expect(price.recurring).toEqual({ interval: 'month', interval_count: 1, meter: null, trial_period_days: null, usage_type: 'licensed' });
    expect(price.currency_options).toBeUndefined();
    const plain = await r.stripe.products.retrieve(p.id);
    expect(plain.default_price).toBe(price.id);
    const withOptions = await r.stripe.products.retrieve(p.id, { expand: ['default_price.currency_options'] });
    expect(Object.keys((withOptions.default_price as any).currency_options).sort()).toEqual(['eur', 'usd']);
    const types = (await r.db.query(`SELECT type FROM events ORDER BY seq DESC LIMIT 2`)).map((e) => e.type).reverse();
    expect(types).toEqual(['product.created', 'price.created']);

    const before = [await count('products'), await count('prices')];
    await expectStripeError(
      r.stripe.products.create({ name: 'Bad', default_price_data: { currency: 'usd', unit_amount: 5, unit_amount_decimal: '5' as unknown as Stripe.Decimal } }),
      { status: 400, param: 'default_price_data[unit_amount]' },
    );
    await expectStripeError(
      r.stripe.products.create({ name: 'Bad', default_price_data: { currency: 'usd', recurring: { interval: 'month', interval_count: 37 }, unit_amount: 5 } }),
      { status: 400, param: 'default_price_data[recurring][interval_count]' },
    );
    await expectStripeError(r.stripe.products.create({ name: 'Bad', default_price_data: { currency: 'usd' } }), {
      status: 400,
      param: 'default_price_data[unit_amount]',
      code: 'parameter_missing',
    });
    await expectStripeError(r.stripe.products.create({ name: 'Bad', default_price_data: { currency: 'zzz', unit_amount: 1 } }), {
      status: 400,
      param: 'default_price_data[currency]',
    });
    expect([await count('products'), await count('prices')]).toEqual(before);
  });

  it('sets default_price to one of its own active prices only', async () => {
    const p = await r.stripe.products.create({ name: 'Newsletter' });
    const other = await r.stripe.products.create({ name: 'Other' });
    const monthly = await r.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 999, recurring: { interval: 'month' } });
    const yearly = await r.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 9900, recurring: { interval: 'year' } });
    const foreign = await r.stripe.prices.create({ product: other.id, currency: 'usd', unit_amount: 1 });
    const u = await r.stripe.products.update(p.id, { default_price: yearly.id });
    expect(u.default_price).toBe(yearly.id);
    await expectStripeError(r.stripe.products.update(p.id, { default_price: foreign.id }), { status: 400, param: 'default_price' });
    await expectStripeError(r.stripe.products.update(p.id, { default_price: 'price_nope' }), {
      status: 400,
      param: 'default_price',
      code: 'resource_missing',
    });
    await r.stripe.prices.update(monthly.id, { active: false });
    await expectStripeError(r.stripe.products.update(p.id, { default_price: monthly.id }), { status: 400, param: 'default_price' });
    await expectStripeError(r.stripe.prices.update(yearly.id, { active: false }), { status: 400, param: 'active' });
    expect((await r.stripe.products.retrieve(p.id)).default_price).toBe(yearly.id);
  });

  it('refuses to delete a product that has prices', async () => {
    const p = await r.stripe.products.create({ name: 'Setup fee' });
    await r.stripe.prices.create({ product: p.id, currency: 'usd', unit_amount: 15000 });
    const e = await expectStripeError(r.stripe.products.del(p.id), { status: 400, type: 'invalid_request_error' });
    expect(e.message).toMatch(/has one or more prices/);
    expect((await r.stripe.products.retrieve(p.id)).active).toBe(true);
  });

  it('lists with cursors and filters', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      r.clock.advance(10);
      made.push(
        (
          await r.stripe.products.create({
            name: `List ${i}`,
            active: i !== 1,
            shippable: i === 2,
            type: i === 2 ? 'good' : 'service',
            url: i === 3 ? 'https://example.test/three' : undefined,
          })
        ).id,
      );
    }
    const page = await r.stripe.products.list({ limit: 2 });
    expect(page.data.map((p) => p.id)).toEqual([made[4], made[3]]);
    expect(page.has_more).toBe(true);
    const next = await r.stripe.products.list({ limit: 2, starting_after: made[3] });
    expect(next.data.map((p) => p.id)).toEqual([made[2], made[1]]);
    const prev = await r.stripe.products.list({ limit: 1, ending_before: made[2] });
    expect(prev.data.map((p) => p.id)).toEqual([made[3]]);
    const ids = await r.stripe.products.list({ ids: [made[0], made[3], 'prod_none'] });
    expect(ids.data.map((p) => p.id)).toEqual([made[3], made[0]]);
    const inactive = await r.stripe.products.list({ active: false, ids: made });
    expect(inactive.data.map((p) => p.id)).toEqual([made[1]]);
    const shippable = await r.stripe.products.list({ shippable: true });
    expect(shippable.data.map((p) => p.id)).toEqual([made[2]]);
    const goods = await r.stripe.products.list({ type: 'good', ids: made });
    expect(goods.data.map((p) => p.id)).toEqual([made[2]]);
    const byUrl = await r.stripe.products.list({ url: 'https://example.test/three' });
    expect(byUrl.data.map((p) => p.id)).toEqual([made[3]]);
    const created = await r.stripe.products.list({ created: { gte: r.clock.now() - 20 } });
    expect(created.data.map((p) => p.id)).toEqual([made[4], made[3], made[2]]);
    const all: string[] = [];
    for await (const p of r.stripe.products.list({ limit: 2, ids: made })) all.push(p.id);
    expect(all).toEqual([...made].reverse());
    await expectStripeError(r.stripe.products.list({ starting_after: 'prod_missing' }), { status: 404, param: 'starting_after' });
    await expectStripeError(r.stripe.products.list({ shippable: 'maybe' as any }), { status: 400, param: 'shippable' });
  });

  it('searches products', async () => {
    const a = await r.stripe.products.create({ name: 'Searchable Alpha', description: 'a coworking desk', metadata: { line: 'cowork' }, url: 'https://s.test/a' });
    const b = await r.stripe.products.create({ name: 'Searchable Beta', active: false, shippable: true, metadata: { line: 'press' } });
    const byName = await r.stripe.products.search({ query: "name~'Searchable'" });
    expect(byName.data.map((p) => p.id)).toEqual([b.id, a.id]);
    expect((await r.stripe.products.search({ query: "name~'Searchable' AND active:'true'" })).data.map((p) => p.id)).toEqual([a.id]);
    expect((await r.stripe.products.search({ query: "metadata['line']:'press'" })).data.map((p) => p.id)).toEqual([b.id]);
    expect((await r.stripe.products.search({ query: "description~'cowork'" })).data.map((p) => p.id)).toEqual([a.id]);
    expect((await r.stripe.products.search({ query: "shippable:'true' AND name~'Searchable'" })).data.map((p) => p.id)).toEqual([b.id]);
    expect((await r.stripe.products.search({ query: "url:'https://s.test/a'" })).data.map((p) => p.id)).toEqual([a.id]);
    expect((await r.stripe.products.search({ query: `created>=${a.created} AND name~'Searchable'` })).data).toHaveLength(2);
    const paged = await r.stripe.products.search({ query: "name~'Searchable'", limit: 1 });
    expect(paged.has_more).toBe(true);
    const page2 = await r.stripe.products.search({ query: "name~'Searchable'", limit: 1, page: paged.next_page! });
    expect(page2.data.map((p) => p.id)).toEqual([a.id]);
    await expectStripeError(r.stripe.products.search({ query: "price:'x'" }), { status: 400, param: 'query' });
  });

  it('answers bad input with Stripe-shaped errors and writes nothing', async () => {
    const before = await count('products');
    const events = await count('events');
    await expectStripeError(r.stripe.products.create({} as any), { status: 400, param: 'name', code: 'parameter_missing' });
    await expectStripeError(r.stripe.products.create({ name: 'x', colour: 'red' } as any), { status: 400, param: 'colour', code: 'parameter_unknown' });
    await expectStripeError(r.stripe.products.create({ name: 'x', statement_descriptor: 'x'.repeat(23) }), { status: 400, param: 'statement_descriptor' });
    await expectStripeError(r.stripe.products.create({ name: 'x', statement_descriptor: 'bad<>' }), { status: 400, param: 'statement_descriptor' });
    await expectStripeError(r.stripe.products.create({ name: 'x', unit_label: 'x'.repeat(13) }), { status: 400, param: 'unit_label' });
    await expectStripeError(r.stripe.products.create({ name: 'x', images: Array(9).fill('https://i.test/x.png') }), { status: 400, param: 'images' });
    await expectStripeError(r.stripe.products.create({ name: 'x', package_dimensions: { height: 1, length: 1, weight: 1 } as any }), {
      status: 400,
      param: 'package_dimensions[width]',
    });
    await expectStripeError(r.stripe.products.create({ name: 'x', marketing_features: [{ name: '' }] }), { status: 400, param: 'marketing_features[0][name]' });
    await expectStripeError(r.stripe.products.create({ name: 'x', type: 'thing' as any }), { status: 400, param: 'type' });
    await expectStripeError(r.stripe.products.retrieve('prod_missing'), { status: 404, code: 'resource_missing', param: 'id' });
    await expectStripeError(r.stripe.products.del('prod_missing'), { status: 404, code: 'resource_missing' });
    expect(await count('products')).toBe(before);
    expect(await count('events')).toBe(events);
  });
});
