import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../src/api/http-status.ts';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import type { ServiceContext } from '../../src/core/context.ts';
import { randomIds } from '../../src/core/ids.ts';
import { loadTaxRates } from '../../src/services/tax-rates/load-tax-rates.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe('tax rates through the official client', () => {
  it('creates, retrieves and updates a tax rate', async () => {
    const t = await r.stripe.taxRates.create({
      display_name: 'Sales tax',
      percentage: 7.25,
      inclusive: false,
      country: 'us',
      state: 'CA',
      jurisdiction: 'US - CA',
      description: 'California sales tax',
      tax_type: 'sales_tax',
      metadata: { region: 'west' },
    });
    expect(t.id).toMatch(/^txr_/);
    expect(t).toEqual({
      id: t.id,
      object: 'tax_rate',
      active: true,
      country: 'US',
      created: r.clock.now(),
      description: 'California sales tax',
      display_name: 'Sales tax',
      effective_percentage: 7.25,
      flat_amount: null,
      inclusive: false,
      jurisdiction: 'US - CA',
      jurisdiction_level: null,
      livemode: false,
      metadata: { region: 'west' },
      percentage: 7.25,
      rate_type: 'percentage',
      state: 'CA',
      tax_type: 'sales_tax',
    });
    expect(await r.stripe.taxRates.retrieve(t.id)).toEqual(t);

    const u = await r.stripe.taxRates.update(t.id, {
      active: false,
      display_name: 'CA sales tax',
      description: '',
      country: 'US',
      state: 'NV',
      jurisdiction: 'US - NV',
      tax_type: 'vat',
      metadata: { region: '', tier: '1' },
    });
    expect(u).toMatchObject({
      active: false,
      display_name: 'CA sales tax',
      description: null,
      state: 'NV',
      jurisdiction: 'US - NV',
      tax_type: 'vat',
      metadata: { tier: '1' },
      percentage: 7.25,
      inclusive: false,
    });

    const events = await r.db.query(`SELECT type, data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [t.id]);
    expect(events.map((e) => e.type)).toEqual(['tax_rate.created', 'tax_rate.updated']);
    expect(events[1].data.data.previous_attributes).toMatchObject({ active: true, state: 'CA', display_name: 'Sales tax' });
  });

  it('accepts 0 and 100 and inclusive rates', async () => {
    const zero = await r.stripe.taxRates.create({ display_name: 'Zero', percentage: 0, inclusive: true });
    expect([zero.percentage, zero.effective_percentage, zero.inclusive]).toEqual([0, 0, true]);
    const full = await r.stripe.taxRates.create({ display_name: 'All', percentage: 100, inclusive: false, active: false });
    expect([full.percentage, full.active]).toEqual([100, false]);
  });

  it('lists with active/inclusive/created filters and cursors', async () => {
    const t0 = r.clock.now() + 1000;
    const made: Stripe.TaxRate[] = [];
    for (let i = 0; i < 5; i++) {
      r.clock.set(t0 + i);
      made.push(
        await r.stripe.taxRates.create({ display_name: `L${i}`, percentage: i, inclusive: i % 2 === 0, active: i !== 3 }),
      );
    }
    const recent = { gte: t0 };
    const names = (l: Stripe.ApiList<Stripe.TaxRate>) => l.data.map((t) => t.display_name);
    expect(names(await r.stripe.taxRates.list({ created: recent }))).toEqual(['L4', 'L3', 'L2', 'L1', 'L0']);
    expect(names(await r.stripe.taxRates.list({ created: recent, active: true }))).toEqual(['L4', 'L2', 'L1', 'L0']);
    expect(names(await r.stripe.taxRates.list({ created: recent, active: false }))).toEqual(['L3']);
    expect(names(await r.stripe.taxRates.list({ created: recent, inclusive: true }))).toEqual(['L4', 'L2', 'L0']);
    expect(names(await r.stripe.taxRates.list({ created: recent, inclusive: false, active: true }))).toEqual(['L1']);
    const page = await r.stripe.taxRates.list({ created: recent, limit: 2 });
    expect([names(page), page.has_more]).toEqual([['L4', 'L3'], true]);
    const next = await r.stripe.taxRates.list({ created: recent, limit: 2, starting_after: made[3].id });
    expect(names(next)).toEqual(['L2', 'L1']);
    const prev = await r.stripe.taxRates.list({ created: recent, limit: 10, ending_before: made[2].id });
    expect(names(prev)).toEqual(['L4', 'L3']);
    const all: string[] = [];
    for await (const t of r.stripe.taxRates.list({ created: recent, limit: 2 })) all.push(t.display_name);
    expect(all).toEqual(['L4', 'L3', 'L2', 'L1', 'L0']);
    await expectStripeError(r.stripe.taxRates.list({ ending_before: 'txr_nope' }), { status: 404, param: 'ending_before' });
    await expectStripeError(r.stripe.taxRates.list({ inclusive: 'x' as any }), { status: 400, param: 'inclusive' });
    r.clock.set(t0 - 1000);
  });

  it('answers bad input with Stripe-shaped errors and writes nothing', async () => {
    const t = await r.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const before = { rates: await count('tax_rates'), events: await count('events') };
    const ok = { display_name: 'X', percentage: 5, inclusive: false };
    const bad: Array<[Stripe.TaxRateCreateParams, { status: number; param: string; code?: string }]> = [
      [{ percentage: 5, inclusive: false } as any, { status: 400, param: 'display_name', code: 'parameter_missing' }],
      [{ display_name: 'X', inclusive: false } as any, { status: 400, param: 'percentage', code: 'parameter_missing' }],
      [{ display_name: 'X', percentage: 5 } as any, { status: 400, param: 'inclusive', code: 'parameter_missing' }],
      [{ ...ok, percentage: -1 }, { status: 400, param: 'percentage' }],
      [{ ...ok, percentage: 100.01 }, { status: 400, param: 'percentage' }],
      [{ ...ok, percentage: 'ten' as any }, { status: 400, param: 'percentage' }],
      [{ ...ok, inclusive: 'sometimes' as any }, { status: 400, param: 'inclusive' }],
      [{ ...ok, display_name: 'd'.repeat(51) }, { status: 400, param: 'display_name' }],
      [{ ...ok, country: 'USA' }, { status: 400, param: 'country' }],
      [{ ...ok, tax_type: 'fun_tax' as any }, { status: 400, param: 'tax_type' }],
      [{ ...ok, flat_amount: 5 } as any, { status: 400, param: 'flat_amount', code: 'parameter_unknown' }],
    ];
    for (const [params, want] of bad) {
      await expectStripeError(r.stripe.taxRates.create(params), { type: 'invalid_request_error', ...want }).catch((e) => {
        throw new Error(`${JSON.stringify(params)}: ${e.message}`);
      });
    }
    await expectStripeError(r.stripe.taxRates.update(t.id, { percentage: 10 } as any), { status: 400, param: 'percentage', code: 'parameter_unknown' });
    await expectStripeError(r.stripe.taxRates.update(t.id, { inclusive: false } as any), { status: 400, param: 'inclusive', code: 'parameter_unknown' });
    await expectStripeError(r.stripe.taxRates.update(t.id, { country: 'X' }), { status: 400, param: 'country' });
    await expectStripeError(r.stripe.taxRates.update('txr_nope', { active: false }), { status: 404, param: 'id' });
    await expectStripeError(r.stripe.taxRates.retrieve('txr_nope'), { status: 404, code: 'resource_missing' });
    expect({ rates: await count('tax_rates'), events: await count('events') }).toEqual(before);
  });
});

describe('loadTaxRates', () => {
  const ctx = (db: ServiceContext['db']): ServiceContext => r.context(db);

  it('loads rates in the order given', async () => {
    const a = await r.stripe.taxRates.create({ display_name: 'A', percentage: 5, inclusive: false });
    const b = await r.stripe.taxRates.create({ display_name: 'B', percentage: 8.875, inclusive: true });
    const got = await r.db.transaction((tx) => loadTaxRates(ctx(tx).db, [b.id, a.id], 'default_tax_rates'));
    expect(got).toEqual([b, a]);
    expect(await loadTaxRates(r.db, [], 'default_tax_rates')).toEqual([]);
  });

  it('names the offending index: 404 for unknown, 400 for inactive or repeated', async () => {
    const a = await r.stripe.taxRates.create({ display_name: 'A', percentage: 5, inclusive: false });
    const off = await r.stripe.taxRates.create({ display_name: 'Off', percentage: 5, inclusive: false, active: false });
    const fail = async (ids: string[], param: string) => {
      try {
        await r.db.transaction((tx) => loadTaxRates(tx, ids, param));
      } catch (e: any) {
        return { status: httpStatusOf(e), ...e.body };
      }
      throw new Error('expected failure');
    };
    expect(await fail([a.id, 'txr_nope'], 'default_tax_rates')).toMatchObject({
      status: 404,
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'default_tax_rates[1]',
    });
    expect(await fail([off.id], 'items[2][tax_rates]')).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'items[2][tax_rates][0]',
    });
    expect(await fail([a.id, a.id], 'default_tax_rates')).toMatchObject({ status: 400, param: 'default_tax_rates[1]' });
  });
});
