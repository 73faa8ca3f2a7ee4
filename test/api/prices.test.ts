import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { meterFor } from '../support/meters.ts';
import { loadPrice } from '../../src/services/prices/price-store.ts';
import { loadProduct } from '../../src/services/products/product-store.ts';

let r: TestRecur;
let product: Stripe.Product;
beforeAll(async () => {
  r = await startRecur();
  product = await r.stripe.products.create({ name: 'Catalog' });
});
afterAll(() => r.close());

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
// The SDK turns *_decimal strings into its Decimal class; compare their string form.
const dec = (d: unknown) => (d === null || d === undefined ? d : String(d));
// A decimal string sent as-is (as a form-encoding client other than the SDK would send it).
const raw = (s: string) => s as unknown as Stripe.Decimal;

describe('prices through the official client', () => {
  it('creates, retrieves and updates a licensed monthly price', async () => {
    const p = await r.stripe.prices.create({
      product: product.id,
      currency: 'USD',
      unit_amount: 3500,
      recurring: { interval: 'month', trial_period_days: 14 },
      nickname: 'Clinician seat',
      lookup_key: 'seat_monthly',
      metadata: { kind: 'seat' },
      tax_behavior: 'exclusive',
    });
    expect(p.id).toMatch(/^price_/);
    expect(p).toMatchObject({
      object: 'price',
      active: true,
      billing_scheme: 'per_unit',
      created: r.clock.now(),
      currency: 'usd',
      custom_unit_amount: null,
      livemode: false,
      lookup_key: 'seat_monthly',
      metadata: { kind: 'seat' },
      nickname: 'Clinician seat',
      product: product.id,
      recurring: { interval: 'month', interval_count: 1, meter: null, trial_period_days: 14, usage_type: 'licensed' },
      tax_behavior: 'exclusive',
      tiers_mode: null,
      transform_quantity: null,
      type: 'recurring',
      unit_amount: 3500,
    });
    expect(dec(p.unit_amount_decimal)).toBe('3500');
    expect('tiers' in p).toBe(false);
    expect('currency_options' in p).toBe(false);
    const got = await r.stripe.prices.retrieve(p.id);
    expect(got).toEqual(p);

    const u = await r.stripe.prices.update(p.id, { nickname: 'Seat', metadata: { kind: '', k2: 'v' }, active: false });
    expect(u).toMatchObject({ nickname: 'Seat', metadata: { k2: 'v' }, active: false, unit_amount: 3500 });
    const events = await r.db.query(`SELECT type, data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [p.id]);
    expect(events.map((e) => e.type)).toEqual(['price.created', 'price.updated']);
    expect(events[1].data.data.previous_attributes).toMatchObject({ nickname: 'Clinician seat', active: true });
    await expectStripeError(r.stripe.prices.update(p.id, { tax_behavior: 'inclusive' }), { status: 400, param: 'tax_behavior' });
    await expectStripeError(r.stripe.prices.update(p.id, { unit_amount: 1 } as any), { status: 400, param: 'unit_amount', code: 'parameter_unknown' });
    await expectStripeError(r.stripe.prices.retrieve('price_missing'), { status: 404, param: 'id', code: 'resource_missing' });
  });

  it('creates a price with product_data and a metered price with a meter', async () => {
    const casesMeter = await meterFor(r.stripe, 'cases');
    const p = await r.stripe.prices.create({
      currency: 'usd',
      unit_amount: 500,
      product_data: { name: 'Cases', unit_label: 'case', metadata: { m: '1' } },
      recurring: { interval: 'month', usage_type: 'metered', meter: casesMeter },
    });
    expect(typeof p.product).toBe('string');
    const prod = await r.stripe.products.retrieve(p.product as string);
    expect(prod).toMatchObject({ name: 'Cases', unit_label: 'case', metadata: { m: '1' }, default_price: null });
    expect(p.recurring).toMatchObject({ usage_type: 'metered', meter: casesMeter });
    const expanded = await r.stripe.prices.retrieve(p.id, { expand: ['product'] });
    expect((expanded.product as Stripe.Product).name).toBe('Cases');

    const custom = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1, product_data: { id: 'custom_sms', name: 'SMS' } });
    expect(custom.product).toBe('custom_sms');
    const expandedCustom = await r.stripe.prices.retrieve(custom.id, { expand: ['product'] });
    expect((expandedCustom.product as Stripe.Product).id).toBe('custom_sms');
  });

  it('keeps fractional minor units in unit_amount_decimal', async () => {
    const sms = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: Stripe.Decimal.from('1.50') });
    expect(sms.unit_amount).toBeNull();
    expect(dec(sms.unit_amount_decimal)).toBe('1.5');
    const whole = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: raw('250.000') });
    expect(whole.unit_amount).toBe(250);
    expect(dec(whole.unit_amount_decimal)).toBe('250');
    const tiny = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: raw('0.000000000001') });
    expect(dec(tiny.unit_amount_decimal)).toBe('0.000000000001');
    const row = await r.db.query(`SELECT data FROM prices WHERE id = $1`, [sms.id]);
    expect(row[0].data.unit_amount_decimal).toBe('1.5');
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: raw('0.0000000000001') }), {
      status: 400,
      param: 'unit_amount_decimal',
    });
  });

  it('stores tiers and shows them only when expanded', async () => {
    const p = await r.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      recurring: { interval: 'month' },
      tiers: [
        { up_to: 10, unit_amount: 1000 },
        { up_to: 50, unit_amount_decimal: raw('750.5'), flat_amount: 2000 },
        { up_to: 'inf', flat_amount_decimal: raw('10000') },
      ],
    });
    expect(p).toMatchObject({ billing_scheme: 'tiered', tiers_mode: 'graduated', unit_amount: null, unit_amount_decimal: null });
    expect(p.tiers).toBeUndefined();
    const withTiers = await r.stripe.prices.retrieve(p.id, { expand: ['tiers'] });
    expect(withTiers.tiers!.map((t) => ({ ...t, unit_amount_decimal: dec(t.unit_amount_decimal), flat_amount_decimal: dec(t.flat_amount_decimal) }))).toEqual([
      { up_to: 10, unit_amount: 1000, unit_amount_decimal: '1000', flat_amount: null, flat_amount_decimal: null },
      { up_to: 50, unit_amount: null, unit_amount_decimal: raw('750.5'), flat_amount: 2000, flat_amount_decimal: '2000' },
      { up_to: null, unit_amount: null, unit_amount_decimal: null, flat_amount: 10000, flat_amount_decimal: raw('10000') },
    ]);
    const listed = await r.stripe.prices.list({ product: product.id, expand: ['data.tiers'], limit: 100 });
    expect(listed.data.find((x) => x.id === p.id)!.tiers).toHaveLength(3);
    expect(listed.data.find((x) => x.billing_scheme === 'per_unit')!.tiers).toBeUndefined();
    const plainList = await r.stripe.prices.list({ product: product.id, limit: 100 });
    expect(plainList.data.every((x) => x.tiers === undefined && x.currency_options === undefined)).toBe(true);
    const created = await r.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'volume',
      tiers: [{ up_to: 'inf', unit_amount: 5 }],
      expand: ['tiers'],
    });
    expect(created.tiers).toHaveLength(1);
    expect((await loadPrice(r.db, p.id)).tiers).toHaveLength(3);
  });

  it('transforms quantity for per-unit prices', async () => {
    const p = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, transform_quantity: { divide_by: 1000, round: 'up' } });
    expect(p.transform_quantity).toEqual({ divide_by: 1000, round: 'up' });
    await expectStripeError(
      r.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        billing_scheme: 'tiered',
        tiers_mode: 'volume',
        tiers: [{ up_to: 'inf', unit_amount: 1 }],
        transform_quantity: { divide_by: 10, round: 'down' },
      }),
      { status: 400, param: 'transform_quantity' },
    );
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, transform_quantity: { divide_by: 0, round: 'up' } }), {
      status: 400,
      param: 'transform_quantity[divide_by]',
    });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, transform_quantity: { divide_by: 2, round: 'sideways' as any } }), {
      status: 400,
      param: 'transform_quantity[round]',
    });
  });

  it('prices in other currencies with currency_options', async () => {
    const p = await r.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      unit_amount: 3500,
      tax_behavior: 'unspecified',
      currency_options: { eur: { unit_amount: 3200, tax_behavior: 'inclusive' }, JPY: { unit_amount_decimal: raw('5000') } },
      expand: ['currency_options'],
    });
    expect(Object.keys(p.currency_options!).sort()).toEqual(['eur', 'jpy', 'usd']);
    expect(p.currency_options!.eur).toMatchObject({ unit_amount: 3200, tax_behavior: 'inclusive', custom_unit_amount: null });
    expect(p.currency_options!.usd).toMatchObject({ unit_amount: 3500, tax_behavior: 'unspecified' });
    expect(p.currency_options!.jpy.unit_amount).toBe(5000);

    const u = await r.stripe.prices.update(p.id, {
      tax_behavior: 'exclusive',
      currency_options: { gbp: { unit_amount: 2800 } },
      expand: ['currency_options'],
    });
    expect(u.tax_behavior).toBe('exclusive');
    expect(Object.keys(u.currency_options!).sort()).toEqual(['eur', 'gbp', 'jpy', 'usd']);
    expect(u.currency_options!.usd.tax_behavior).toBe('exclusive');
    expect(u.currency_options!.jpy.tax_behavior).toBe('exclusive');
    expect(u.currency_options!.eur.tax_behavior).toBe('inclusive');
    const cleared = await r.stripe.prices.update(p.id, { currency_options: '' as any, expand: ['currency_options'] });
    expect(Object.keys(cleared.currency_options!)).toEqual(['usd']);

    const tiered = await r.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      billing_scheme: 'tiered',
      tiers_mode: 'graduated',
      tiers: [{ up_to: 5, unit_amount: 100 }, { up_to: 'inf', unit_amount: 50 }],
      currency_options: { eur: { tiers: [{ up_to: 5, unit_amount: 90 }, { up_to: 'inf', unit_amount: 45 }] } },
      expand: ['currency_options'],
    });
    expect(tiered.currency_options!.eur.tiers).toHaveLength(2);

    const before = await count('prices');
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, currency_options: { xyz: { unit_amount: 1 } } }), {
      status: 400,
      param: 'currency_options[xyz]',
    });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, currency_options: { usd: { unit_amount: 1 } } }), {
      status: 400,
      param: 'currency_options[usd]',
    });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, currency_options: { eur: { tax_behavior: 'inclusive' } } }), {
      status: 400,
      param: 'currency_options[eur][unit_amount]',
    });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1, currency_options: { eur: { unit_amount: -1 } } }), {
      status: 400,
      param: 'currency_options[eur][unit_amount]',
    });
    await expectStripeError(
      r.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        billing_scheme: 'tiered',
        tiers_mode: 'volume',
        tiers: [{ up_to: 'inf', unit_amount: 1 }],
        currency_options: { eur: { unit_amount: 1 } },
      }),
      { status: 400, param: 'currency_options[eur][unit_amount]' },
    );
    await expectStripeError(
      r.stripe.prices.create({
        product: product.id,
        currency: 'usd',
        billing_scheme: 'tiered',
        tiers_mode: 'volume',
        tiers: [{ up_to: 'inf', unit_amount: 1 }],
        currency_options: { eur: { tiers: [{ up_to: 3, unit_amount: 1 }] } },
      }),
      { status: 400, param: 'currency_options[eur][tiers][0][up_to]' },
    );
    await expectStripeError(r.stripe.prices.update(p.id, { currency_options: { eur: { unit_amount_decimal: raw('abc') } } }), {
      status: 400,
      param: 'currency_options[eur][unit_amount_decimal]',
    });
    expect(await count('prices')).toBe(before);
  });

  it('accepts customer-chosen amounts on one-time prices', async () => {
    const p = await r.stripe.prices.create({
      product: product.id,
      currency: 'usd',
      custom_unit_amount: { enabled: true, minimum: 500, preset: 1000, maximum: 10000 },
    });
    expect(p.custom_unit_amount).toEqual({ minimum: 500, preset: 1000, maximum: 10000 });
    expect(p.unit_amount).toBeNull();
    expect(p.unit_amount_decimal).toBeNull();
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', custom_unit_amount: { enabled: true }, unit_amount: 5 }), {
      status: 400,
      param: 'custom_unit_amount',
    });
    await expectStripeError(
      r.stripe.prices.create({ product: product.id, currency: 'usd', custom_unit_amount: { enabled: true }, recurring: { interval: 'month' } }),
      { status: 400, param: 'custom_unit_amount' },
    );
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', custom_unit_amount: { enabled: false } }), {
      status: 400,
      param: 'custom_unit_amount[enabled]',
    });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', custom_unit_amount: { enabled: true, minimum: 10, maximum: 5 } }), {
      status: 400,
      param: 'custom_unit_amount[minimum]',
    });
  });

  it('keeps lookup keys unique and transfers them on request', async () => {
    const a = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, lookup_key: 'desk_monthly' });
    await expectStripeError(r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 200, lookup_key: 'desk_monthly' }), {
      status: 400,
      param: 'lookup_key',
    });
    const b = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 200, lookup_key: 'desk_monthly', transfer_lookup_key: true });
    expect(b.lookup_key).toBe('desk_monthly');
    expect((await r.stripe.prices.retrieve(a.id)).lookup_key).toBeNull();
    const moved = await r.db.query(`SELECT data FROM events WHERE type = 'price.updated' AND data->'data'->'object'->>'id' = $1`, [a.id]);
    expect(moved[0].data.data.previous_attributes).toEqual({ lookup_key: 'desk_monthly' });

    await expectStripeError(r.stripe.prices.update(a.id, { lookup_key: 'desk_monthly' }), { status: 400, param: 'lookup_key' });
    const back = await r.stripe.prices.update(a.id, { lookup_key: 'desk_monthly', transfer_lookup_key: true });
    expect(back.lookup_key).toBe('desk_monthly');
    expect((await r.stripe.prices.retrieve(b.id)).lookup_key).toBeNull();
    const same = await r.stripe.prices.update(a.id, { lookup_key: 'desk_monthly' });
    expect(same.lookup_key).toBe('desk_monthly');
    const byKey = await r.stripe.prices.list({ lookup_keys: ['desk_monthly', 'nothing'] });
    expect(byKey.data.map((p) => p.id)).toEqual([a.id]);
    const cleared = await r.stripe.prices.update(a.id, { lookup_key: '' });
    expect(cleared.lookup_key).toBeNull();

    const racing = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: i, lookup_key: 'race_key' })),
    );
    expect(racing.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of racing) if (x.status === 'rejected') expect((x.reason as any).statusCode).toBe(400);
  });

  it('lists with filters and cursors, and searches', async () => {
    const own = await r.stripe.products.create({ name: 'Filter target' });
    const mk = (params: Partial<Stripe.PriceCreateParams>) => {
      r.clock.advance(5);
      return r.stripe.prices.create({ product: own.id, currency: 'usd', unit_amount: 100, ...params } as Stripe.PriceCreateParams);
    };
    const oneTime = await mk({ lookup_key: 'ft_setup', metadata: { plan: 'setup' } });
    const monthly = await mk({ recurring: { interval: 'month' }, lookup_key: 'ft_monthly' });
    const yearly = await mk({ recurring: { interval: 'year' }, currency: 'eur' });
    const smsMeter = await meterFor(r.stripe, 'sms');
    const metered = await mk({ recurring: { interval: 'month', usage_type: 'metered', meter: smsMeter } });
    const archived = await mk({ active: false });

    const ids = async (q: Stripe.PriceListParams) => (await r.stripe.prices.list({ product: own.id, ...q })).data.map((p) => p.id);
    expect(await ids({})).toEqual([archived.id, metered.id, yearly.id, monthly.id, oneTime.id]);
    expect(await ids({ active: true })).toEqual([metered.id, yearly.id, monthly.id, oneTime.id]);
    expect(await ids({ active: false })).toEqual([archived.id]);
    expect(await ids({ type: 'one_time' })).toEqual([archived.id, oneTime.id]);
    expect(await ids({ type: 'recurring' })).toEqual([metered.id, yearly.id, monthly.id]);
    expect(await ids({ currency: 'EUR' })).toEqual([yearly.id]);
    expect(await ids({ recurring: { interval: 'month' } })).toEqual([metered.id, monthly.id]);
    expect(await ids({ recurring: { usage_type: 'metered' } })).toEqual([metered.id]);
    expect(await ids({ recurring: { meter: smsMeter } })).toEqual([metered.id]);
    expect(await ids({ created: { lte: monthly.created } })).toEqual([monthly.id, oneTime.id]);
    expect(await ids({ limit: 2, starting_after: yearly.id })).toEqual([monthly.id, oneTime.id]);
    expect(await ids({ limit: 2, ending_before: monthly.id })).toEqual([metered.id, yearly.id]);
    const page = await r.stripe.prices.list({ product: own.id, limit: 2 });
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const p of r.stripe.prices.list({ product: own.id, limit: 2 })) all.push(p.id);
    expect(all).toHaveLength(5);
    await expectStripeError(r.stripe.prices.list({ type: 'weekly' as any }), { status: 400, param: 'type' });
    await expectStripeError(r.stripe.prices.list({ recurring: { interval: 'hour' as any } }), { status: 400, param: 'recurring[interval]' });
    await expectStripeError(r.stripe.prices.list({ currency: 'zzz' }), { status: 400, param: 'currency' });
    await expectStripeError(r.stripe.prices.list({ starting_after: 'price_missing' }), { status: 404, param: 'starting_after' });

    const s = async (query: string) => (await r.stripe.prices.search({ query })).data.map((p) => p.id);
    expect(await s(`product:'${own.id}' AND active:'false'`)).toEqual([archived.id]);
    expect(await s(`product:'${own.id}' AND type:'recurring'`)).toEqual([metered.id, yearly.id, monthly.id]);
    expect(await s(`product:'${own.id}' AND currency:'eur'`)).toEqual([yearly.id]);
    expect(await s(`lookup_key:'ft_monthly'`)).toEqual([monthly.id]);
    expect(await s(`metadata['plan']:'setup'`)).toEqual([oneTime.id]);
    expect(await s(`product:'${own.id}' AND created>${monthly.created}`)).toEqual([archived.id, metered.id, yearly.id]);
    const paged = await r.stripe.prices.search({ query: `product:'${own.id}'`, limit: 3 });
    expect(paged.has_more).toBe(true);
    const page2 = await r.stripe.prices.search({ query: `product:'${own.id}'`, limit: 3, page: paged.next_page! });
    expect(page2.data.map((p) => p.id)).toEqual([monthly.id, oneTime.id]);
    await expectStripeError(r.stripe.prices.search({ query: "nickname:'x'" }), { status: 400, param: 'query' });
  });

  it('answers bad input with the offending param and writes nothing', async () => {
    const inactive = await r.stripe.products.create({ name: 'Archived', active: false });
    const gone = await r.stripe.products.create({ name: 'Gone' });
    await r.stripe.products.del(gone.id);
    const before = { prices: await count('prices'), products: await count('products'), events: await count('events') };
    const base = { product: product.id, currency: 'usd' };
    const bad = async (params: Record<string, unknown>, want: { param: string; code?: string }) =>
      expectStripeError(r.stripe.prices.create(params as any), { status: 400, type: 'invalid_request_error', ...want });

    await bad({ ...base, unit_amount: 100, unit_amount_decimal: raw('100') }, { param: 'unit_amount' });
    await bad({ ...base, billing_scheme: 'tiered', tiers_mode: 'graduated' }, { param: 'tiers', code: 'parameter_missing' });
    await bad({ ...base, billing_scheme: 'tiered', tiers: [{ up_to: 'inf', unit_amount: 1 }] }, { param: 'tiers_mode', code: 'parameter_missing' });
    await bad({ ...base, tiers: [{ up_to: 'inf', unit_amount: 1 }] }, { param: 'tiers' });
    await bad({ ...base, unit_amount: 1, tiers_mode: 'volume' }, { param: 'tiers_mode' });
    await bad({ ...base, billing_scheme: 'tiered', tiers_mode: 'volume', unit_amount: 5, tiers: [{ up_to: 'inf', unit_amount: 1 }] }, { param: 'unit_amount' });
    const tiered = { ...base, billing_scheme: 'tiered', tiers_mode: 'graduated' };
    await bad({ ...tiered, tiers: [{ up_to: 10, unit_amount: 1 }] }, { param: 'tiers[0][up_to]' });
    await bad({ ...tiered, tiers: [{ up_to: 'inf', unit_amount: 1 }, { up_to: 10, unit_amount: 1 }] }, { param: 'tiers[0][up_to]' });
    await bad({ ...tiered, tiers: [{ up_to: 10, unit_amount: 1 }, { up_to: 10, unit_amount: 1 }, { up_to: 'inf', unit_amount: 1 }] }, { param: 'tiers[1][up_to]' });
    await bad({ ...tiered, tiers: [{ up_to: 0, unit_amount: 1 }, { up_to: 'inf', unit_amount: 1 }] }, { param: 'tiers[0][up_to]' });
    await bad({ ...tiered, tiers: [{ up_to: 5 }, { up_to: 'inf', unit_amount: 1 }] }, { param: 'tiers[0][unit_amount]' });
    await bad({ ...tiered, tiers: [{ up_to: 'inf', flat_amount: 1, flat_amount_decimal: '1' }] }, { param: 'tiers[0][flat_amount]' });
    await bad({ ...tiered, tiers: [{ up_to: 'inf', unit_amount: -1 }] }, { param: 'tiers[0][unit_amount]' });
    await bad(base, { param: 'unit_amount', code: 'parameter_missing' });
    await bad({ ...base, unit_amount: -100 }, { param: 'unit_amount' });
    await bad({ ...base, unit_amount_decimal: raw('-1.5') }, { param: 'unit_amount_decimal' });
    await bad({ ...base, unit_amount_decimal: raw('1.2.3') }, { param: 'unit_amount_decimal' });
    await bad({ ...base, unit_amount: 1.5 }, { param: 'unit_amount' });
    await bad({ ...base, currency: 'usdx', unit_amount: 1 }, { param: 'currency' });
    await bad({ product: product.id, unit_amount: 1 }, { param: 'currency', code: 'parameter_missing' });
    await bad({ currency: 'usd', unit_amount: 1 }, { param: 'product', code: 'parameter_missing' });
    await bad({ ...base, unit_amount: 1, product_data: { name: 'Both' } }, { param: 'product' });
    await bad({ ...base, product: 'prod_nope', unit_amount: 1 }, { param: 'product', code: 'resource_missing' });
    await bad({ ...base, product: inactive.id, unit_amount: 1 }, { param: 'product' });
    await bad({ ...base, product: gone.id, unit_amount: 1 }, { param: 'product', code: 'resource_missing' });
    await bad({ currency: 'usd', unit_amount: 1, product_data: { unit_label: 'x' } }, { param: 'product_data[name]', code: 'parameter_missing' });
    await bad({ currency: 'usd', unit_amount: -1, product_data: { name: 'Never made' } }, { param: 'unit_amount' });
    await bad({ ...base, unit_amount: 1, recurring: { interval_count: 1 } }, { param: 'recurring[interval]', code: 'parameter_missing' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'fortnight' } }, { param: 'recurring[interval]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', interval_count: 37 } }, { param: 'recurring[interval_count]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'year', interval_count: 4 } }, { param: 'recurring[interval_count]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'week', interval_count: 157 } }, { param: 'recurring[interval_count]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'day', interval_count: 1096 } }, { param: 'recurring[interval_count]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', interval_count: 0 } }, { param: 'recurring[interval_count]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered' } }, { param: 'recurring[meter]', code: 'parameter_missing' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', usage_type: 'metered', meter: '' } }, { param: 'recurring[meter]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', meter: 'mtr_x' } }, { param: 'recurring[meter]' });
    await bad({ ...base, unit_amount: 1, recurring: { interval: 'month', usage_type: 'rented' } }, { param: 'recurring[usage_type]' });
    await bad({ ...base, unit_amount: 1, tax_behavior: 'sometimes' }, { param: 'tax_behavior' });
    await bad({ ...base, unit_amount: 1, lookup_key: 'k'.repeat(201) }, { param: 'lookup_key' });
    await bad({ ...base, unit_amount: 1, billing_scheme: 'package' }, { param: 'billing_scheme' });
    await bad({ ...base, unit_amount: 1, transfer_lookup_key: true }, { param: 'transfer_lookup_key' });
    await bad({ ...base, unit_amount: 1, plan: 'x' }, { param: 'plan', code: 'parameter_unknown' });

    expect({ prices: await count('prices'), products: await count('products'), events: await count('events') }).toEqual(before);
  });

  it('exports loaders that name the param for other services', async () => {
    const price = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1 });
    expect((await loadPrice(r.db, price.id, 'items[0][price]')).id).toBe(price.id);
    expect((await loadProduct(r.db, product.id, 'product')).id).toBe(product.id);
    await expect(loadPrice(r.db, 'price_x', 'items[0][price]')).rejects.toMatchObject({
      kind: 'invalid',
      body: { code: 'resource_missing', param: 'items[0][price]' },
    });
    await expect(loadProduct(r.db, 'prod_x', 'product')).rejects.toMatchObject({ kind: 'invalid', body: { param: 'product' } });
    await expect(loadPrice(r.db, 'price_x', 'id')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
