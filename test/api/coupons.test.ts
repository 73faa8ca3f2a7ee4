import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpStatusOf } from '../../src/api/http-status.ts';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import type { ServiceContext } from '../../src/core/context.ts';
import { randomIds } from '../../src/core/ids.ts';
import {
  resolveDiscounts,
  type DiscountInput,
  type ResolveDiscountsOptions,
} from '../../src/services/coupons/resolve-discounts.ts';
import { recordRedemption } from '../../src/services/coupons/record-redemption.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
  for (const id of ['prod_coupon_a', 'prod_coupon_b']) await insertProduct(id);
  await insertProduct('prod_coupon_gone', true);
});
afterAll(() => r.close());

async function insertProduct(id: string, deleted = false) {
  await r.db.query('INSERT INTO products (id, created, data) VALUES ($1, $2, $3)', [
    id,
    r.clock.now(),
    JSON.stringify({ id, object: 'product', name: id, active: true, ...(deleted ? { deleted } : {}) }),
  ]);
}

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const eventsFor = async (id: string) =>
  (await r.db.query(`SELECT type, data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [id])).map(
    (e) => e as { type: string; data: Stripe.Event },
  );

describe('coupons through the official client', () => {
  it('creates a percentage coupon with a chosen id, retrieves, updates and deletes it', async () => {
    const c = await r.stripe.coupons.create({
      id: 'SUMMER25',
      name: 'Summer',
      percent_off: 12.5,
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      redeem_by: r.clock.now() + 86400,
      applies_to: { products: ['prod_coupon_a', 'prod_coupon_b'] },
      metadata: { campaign: 'summer' },
    });
    expect(c).toMatchObject({
      id: 'SUMMER25',
      object: 'coupon',
      name: 'Summer',
      percent_off: 12.5,
      amount_off: null,
      currency: null,
      duration: 'repeating',
      duration_in_months: 3,
      max_redemptions: 10,
      redeem_by: r.clock.now() + 86400,
      times_redeemed: 0,
      valid: true,
      livemode: false,
      created: r.clock.now(),
      applies_to: { products: ['prod_coupon_a', 'prod_coupon_b'] },
      metadata: { campaign: 'summer' },
    });
    expect(await r.stripe.coupons.retrieve('SUMMER25')).toEqual(c);

    const u = await r.stripe.coupons.update('SUMMER25', { name: 'Summer sale', metadata: { campaign: '', tier: 'gold' } });
    expect(u.name).toBe('Summer sale');
    expect(u.metadata).toEqual({ tier: 'gold' });
    expect(u.percent_off).toBe(12.5);

    const d = await r.stripe.coupons.del('SUMMER25');
    expect(d).toEqual({ id: 'SUMMER25', object: 'coupon', deleted: true });
    await expectStripeError(r.stripe.coupons.retrieve('SUMMER25'), { status: 404, code: 'resource_missing', param: 'id' });
    await expectStripeError(r.stripe.coupons.update('SUMMER25', { name: 'x' }), { status: 404 });
    await expectStripeError(r.stripe.coupons.del('SUMMER25'), { status: 404 });
    // The id stays taken so discounts that name it keep meaning the same coupon.
    await expectStripeError(r.stripe.coupons.create({ id: 'SUMMER25', percent_off: 5 }), {
      status: 400,
      param: 'id',
      code: 'resource_already_exists',
    });

    const events = await eventsFor('SUMMER25');
    expect(events.map((e) => e.type)).toEqual(['coupon.created', 'coupon.updated', 'coupon.deleted']);
    expect((events[1].data.data as any).previous_attributes).toEqual({ name: 'Summer', metadata: { campaign: 'summer' } });
  });

  it('creates an amount-off coupon with amounts in other currencies and a generated id', async () => {
    const c = await r.stripe.coupons.create({
      amount_off: 500,
      currency: 'USD',
      duration: 'forever',
      currency_options: { eur: { amount_off: 450 } },
    });
    expect(c.id).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(c).toMatchObject({
      amount_off: 500,
      currency: 'usd',
      percent_off: null,
      duration: 'forever',
      duration_in_months: null,
      max_redemptions: null,
      redeem_by: null,
      name: null,
      currency_options: { usd: { amount_off: 500 }, eur: { amount_off: 450 } },
    });
    expect(c.applies_to).toBeUndefined();
    const u = await r.stripe.coupons.update(c.id, { currency_options: { gbp: { amount_off: 400 }, eur: { amount_off: 425 } } });
    expect(u.currency_options).toEqual({ usd: { amount_off: 500 }, eur: { amount_off: 425 }, gbp: { amount_off: 400 } });
    await expectStripeError(r.stripe.coupons.update(c.id, { currency_options: { usd: { amount_off: 1 } } }), {
      status: 400,
      param: 'currency_options[usd][amount_off]',
    });
    await expectStripeError(r.stripe.coupons.update(c.id, { currency_options: { xyz: { amount_off: 1 } } }), {
      status: 400,
      param: 'currency_options[xyz]',
    });
    const once = await r.stripe.coupons.create({ percent_off: 100 });
    expect(once.duration).toBe('once');
    await expectStripeError(r.stripe.coupons.update(once.id, { currency_options: { eur: { amount_off: 1 } } }), {
      status: 400,
      param: 'currency_options',
    });
    // An unchanged update writes no event.
    const before = (await eventsFor(once.id)).length;
    await r.stripe.coupons.update(once.id, {});
    expect((await eventsFor(once.id)).length).toBe(before);
  });

  it('computes valid at read time once redeem_by passes', async () => {
    const start = r.clock.now();
    const c = await r.stripe.coupons.create({ percent_off: 10, redeem_by: start + 100 });
    expect(c.valid).toBe(true);
    r.clock.set(start + 100);
    expect((await r.stripe.coupons.retrieve(c.id)).valid).toBe(true);
    r.clock.set(start + 101);
    try {
      expect((await r.stripe.coupons.retrieve(c.id)).valid).toBe(false);
      const listed = await r.stripe.coupons.list({ limit: 100 });
      expect(listed.data.find((x) => x.id === c.id)?.valid).toBe(false);
    } finally {
      r.clock.set(start);
    }
  });

  it('lists newest first with cursors and created filters, without deleted coupons', async () => {
    const t0 = r.clock.now() + 10_000;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      r.clock.set(t0 + i);
      made.push((await r.stripe.coupons.create({ id: `LIST${i}`, percent_off: 5 })).id);
    }
    r.clock.set(t0 + 10);
    await r.stripe.coupons.del('LIST2');
    const page = await r.stripe.coupons.list({ limit: 2, created: { gte: t0 } });
    expect(page.data.map((c) => c.id)).toEqual(['LIST4', 'LIST3']);
    expect(page.has_more).toBe(true);
    const next = await r.stripe.coupons.list({ limit: 2, created: { gte: t0 }, starting_after: 'LIST3' });
    expect(next.data.map((c) => c.id)).toEqual(['LIST1', 'LIST0']);
    expect(next.has_more).toBe(false);
    const prev = await r.stripe.coupons.list({ limit: 5, created: { gte: t0 }, ending_before: 'LIST1' });
    expect(prev.data.map((c) => c.id)).toEqual(['LIST4', 'LIST3']);
    const exact = await r.stripe.coupons.list({ created: t0 + 1 });
    expect(exact.data.map((c) => c.id)).toEqual(['LIST1']);
    const all: string[] = [];
    for await (const c of r.stripe.coupons.list({ limit: 2, created: { gte: t0, lt: t0 + 4 } })) all.push(c.id);
    expect(all).toEqual(['LIST3', 'LIST1', 'LIST0']);
    await expectStripeError(r.stripe.coupons.list({ starting_after: 'NOPE' }), { status: 404, param: 'starting_after' });
    await expectStripeError(r.stripe.coupons.list({ limit: 0 }), { status: 400, param: 'limit' });
  });

  it('expands a coupon id through the object registry', async () => {
    await r.stripe.coupons.create({ id: 'EXPANDME', percent_off: 20 });
    const promo = await r.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: 'EXPANDME' },
      expand: ['promotion.coupon'],
    });
    expect((promo.promotion.coupon as Stripe.Coupon).percent_off).toBe(20);
  });

  it('answers bad input with Stripe-shaped errors and writes nothing', async () => {
    const now = r.clock.now();
    const before = { coupons: await count('coupons'), events: await count('events') };
    const bad: Array<[Stripe.CouponCreateParams, { status: number; param: string; code?: string }]> = [
      [{ percent_off: 0 }, { status: 400, param: 'percent_off' }],
      [{ percent_off: 100.5 }, { status: 400, param: 'percent_off' }],
      [{ percent_off: 'x' as any }, { status: 400, param: 'percent_off' }],
      [{}, { status: 400, param: 'percent_off', code: 'parameter_missing' }],
      [{ percent_off: 10, amount_off: 100, currency: 'usd' }, { status: 400, param: 'percent_off' }],
      [{ amount_off: 100 }, { status: 400, param: 'currency', code: 'parameter_missing' }],
      [{ amount_off: 0, currency: 'usd' }, { status: 400, param: 'amount_off' }],
      [{ amount_off: 100, currency: 'zzz' }, { status: 400, param: 'currency' }],
      [{ percent_off: 10, currency: 'usd' }, { status: 400, param: 'currency' }],
      [{ percent_off: 10, duration: 'repeating' }, { status: 400, param: 'duration_in_months', code: 'parameter_missing' }],
      [{ percent_off: 10, duration: 'once', duration_in_months: 2 }, { status: 400, param: 'duration_in_months' }],
      [{ percent_off: 10, duration: 'sometimes' as any }, { status: 400, param: 'duration' }],
      [{ percent_off: 10, redeem_by: now }, { status: 400, param: 'redeem_by' }],
      [{ percent_off: 10, redeem_by: now + 6 * 366 * 86400 }, { status: 400, param: 'redeem_by' }],
      [{ percent_off: 10, max_redemptions: 0 }, { status: 400, param: 'max_redemptions' }],
      [{ percent_off: 10, applies_to: { products: ['prod_coupon_a', 'prod_nope'] } }, { status: 404, param: 'applies_to[products][1]' }],
      [{ percent_off: 10, applies_to: { products: ['prod_coupon_gone'] } }, { status: 404, param: 'applies_to[products][0]' }],
      [{ percent_off: 10, currency_options: { eur: { amount_off: 5 } } }, { status: 400, param: 'currency_options' }],
      [{ amount_off: 5, currency: 'usd', currency_options: { eur: { amount_off: 0 } } }, { status: 400, param: 'currency_options[eur][amount_off]' }],
      [{ amount_off: 5, currency: 'usd', currency_options: { eur: { amount_off: 'abc' as any } } }, { status: 400, param: 'currency_options[eur][amount_off]' }],
      [{ id: 'has space', percent_off: 10 }, { status: 400, param: 'id' }],
      [{ id: 'cus_lookalike', percent_off: 10 }, { status: 400, param: 'id' }],
      [{ percent_off: 10, name: 'n'.repeat(41) }, { status: 400, param: 'name' }],
      [{ percent_off: 10, foo: 'bar' } as any, { status: 400, param: 'foo', code: 'parameter_unknown' }],
    ];
    for (const [params, want] of bad) {
      await expectStripeError(r.stripe.coupons.create(params), { type: 'invalid_request_error', ...want }).catch((e) => {
        throw new Error(`${JSON.stringify(params)}: ${e.message}`);
      });
    }
    const empty = await r.fetch('/v1/coupons', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'percent_off=10&applies_to[products]=',
    });
    expect([empty.status, empty.body.error.param]).toEqual([400, 'applies_to[products]']);
    await expectStripeError(r.stripe.coupons.update('NOPE', { name: 'x' }), { status: 404, param: 'id' });
    await expectStripeError(r.stripe.coupons.update('LIST0', { percent_off: 5 } as any), { status: 400, param: 'percent_off' });
    await expectStripeError(r.stripe.coupons.retrieve('NOPE'), { status: 404, code: 'resource_missing' });
    expect({ coupons: await count('coupons'), events: await count('events') }).toEqual(before);
  });

  it('accepts short ids that look like prefixes without confusing lookups', async () => {
    const c = await r.stripe.coupons.create({ id: 'price1', percent_off: 15 });
    expect((await r.stripe.coupons.retrieve('price1')).id).toBe(c.id);
    const p = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'price1' }, expand: ['promotion.coupon'] });
    expect((p.promotion.coupon as Stripe.Coupon).id).toBe('price1');
  });
});

describe('resolveDiscounts and recordRedemption', () => {
  const ctx = (db: ServiceContext['db']): ServiceContext => r.context(db);
  const resolve = (inputs: DiscountInput[], opts: Partial<ResolveDiscountsOptions> & { customerId: string }) =>
    r.db.transaction((tx) => resolveDiscounts(ctx(tx), inputs, { param: 'discounts', at: r.clock.now(), ...opts }));
  const failure = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e: any) {
      if (!e.body) throw e;
      return { status: httpStatusOf(e), ...e.body };
    }
    throw new Error('expected failure');
  };
  let cus: Stripe.Customer;
  let other: Stripe.Customer;
  beforeAll(async () => {
    cus = await r.stripe.customers.create({ email: 'resolve@example.com' });
    other = await r.stripe.customers.create({ email: 'other@example.com' });
  });

  it('resolves coupons and promotion codes in order', async () => {
    const pct = await r.stripe.coupons.create({ id: 'R_PCT', percent_off: 25 });
    await r.stripe.coupons.create({ id: 'R_AMT', amount_off: 300, currency: 'usd', currency_options: { eur: { amount_off: 250 } } });
    const promo = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'R_AMT' }, code: 'RAMT' });
    const got = await resolve([{ coupon: 'R_PCT' }, { promotion_code: promo.id }], { customerId: cus.id, currency: 'eur', amount: 1000 });
    expect(got).toHaveLength(2);
    expect(got[0]).toEqual({ coupon: pct, promotionCode: null });
    expect(got[1].coupon.id).toBe('R_AMT');
    expect(got[1].promotionCode).toEqual(promo);
    expect(await resolve([], { customerId: cus.id })).toEqual([]);
  });

  it('rejects malformed, unknown, duplicate and mismatched entries, naming the param', async () => {
    await r.stripe.coupons.create({ id: 'R_DUP', percent_off: 5 });
    await r.stripe.coupons.create({ id: 'R_USD', amount_off: 100, currency: 'usd' });
    const promo = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'R_DUP' } });
    const o = { customerId: cus.id };
    expect(await failure(resolve([{ coupon: 'R_DUP', promotion_code: promo.id }], o))).toMatchObject({ status: 400, param: 'discounts[0][coupon]' });
    expect(await failure(resolve([{ coupon: 'R_DUP' }, {}], o))).toMatchObject({
      status: 400,
      code: 'parameter_missing',
      param: 'discounts[1][coupon]',
    });
    expect(await failure(resolve([{ coupon: 'R_DUP' }, { coupon: 'NOPE' }], o))).toMatchObject({
      status: 404,
      code: 'resource_missing',
      param: 'discounts[1][coupon]',
    });
    expect(await failure(resolve([{ promotion_code: 'promo_nope' }], o))).toMatchObject({
      status: 404,
      code: 'resource_missing',
      param: 'discounts[0][promotion_code]',
    });
    expect(await failure(resolve([{ coupon: 'R_DUP' }, { coupon: 'R_DUP' }], o))).toMatchObject({ status: 400, param: 'discounts[1][coupon]' });
    expect(await failure(resolve([{ coupon: 'R_DUP' }, { promotion_code: promo.id }], o))).toMatchObject({
      status: 400,
      param: 'discounts[1][promotion_code]',
    });
    expect(await failure(resolve([{ coupon: 'R_USD' }], { ...o, currency: 'gbp' }))).toMatchObject({ status: 400, param: 'discounts[0][coupon]' });
    expect(await resolve([{ coupon: 'R_USD' }], { ...o, currency: 'usd' })).toHaveLength(1);
    await r.stripe.coupons.del('R_DUP');
    expect(await failure(resolve([{ coupon: 'R_DUP' }], o))).toMatchObject({ status: 404, param: 'discounts[0][coupon]' });
    expect(await failure(resolve([{ promotion_code: promo.id }], { ...o, param: 'items[0][discounts]' }))).toMatchObject({
      status: 400,
      param: 'items[0][discounts][0][promotion_code]',
    });
  });

  it('checks a coupon against redeem_by at the given instant', async () => {
    const now = r.clock.now();
    await r.stripe.coupons.create({ id: 'R_DATED', percent_off: 5, redeem_by: now + 100 });
    expect(await resolve([{ coupon: 'R_DATED' }], { customerId: cus.id, at: now + 100 })).toHaveLength(1);
    expect(await failure(resolve([{ coupon: 'R_DATED' }], { customerId: cus.id, at: now + 101 }))).toMatchObject({
      status: 400,
      code: 'coupon_expired',
      param: 'discounts[0][coupon]',
    });
  });

  it('checks promotion code activity, expiry, redemptions and customer', async () => {
    const now = r.clock.now();
    await r.stripe.coupons.create({ id: 'R_PROMO', percent_off: 5 });
    const promotion = { type: 'coupon' as const, coupon: 'R_PROMO' };
    const off = await r.stripe.promotionCodes.create({ promotion, active: false });
    const dated = await r.stripe.promotionCodes.create({ promotion, expires_at: now + 50 });
    const mine = await r.stripe.promotionCodes.create({ promotion, customer: cus.id });
    const p = (id: string) => [{ promotion_code: id }];
    const want = { status: 400, param: 'discounts[0][promotion_code]' };
    expect(await failure(resolve(p(off.id), { customerId: cus.id }))).toMatchObject(want);
    expect(await resolve(p(dated.id), { customerId: cus.id, at: now + 49 })).toHaveLength(1);
    expect(await failure(resolve(p(dated.id), { customerId: cus.id, at: now + 50 }))).toMatchObject(want);
    expect(await resolve(p(mine.id), { customerId: cus.id })).toHaveLength(1);
    expect(await failure(resolve(p(mine.id), { customerId: other.id }))).toMatchObject(want);
  });

  it('checks minimum amounts per currency', async () => {
    await r.stripe.coupons.create({ id: 'R_MIN', percent_off: 5 });
    const promo = await r.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: 'R_MIN' },
      restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd', currency_options: { eur: { minimum_amount: 4500 } } },
    });
    const p = [{ promotion_code: promo.id }];
    const o = { customerId: cus.id };
    const want = { status: 400, param: 'discounts[0][promotion_code]' };
    expect(await resolve(p, { ...o, currency: 'usd', amount: 5000 })).toHaveLength(1);
    expect(await failure(resolve(p, { ...o, currency: 'usd', amount: 4999 }))).toMatchObject(want);
    expect(await resolve(p, { ...o, currency: 'eur', amount: 4500 })).toHaveLength(1);
    expect(await failure(resolve(p, { ...o, currency: 'eur', amount: 4499 }))).toMatchObject(want);
    expect(await failure(resolve(p, { ...o, currency: 'gbp', amount: 100_000 }))).toMatchObject(want);
    expect(await failure(resolve(p, { ...o, amount: 10 }))).toMatchObject(want);
    // Without an amount there is nothing to compare yet.
    expect(await resolve(p, { ...o, currency: 'gbp' })).toHaveLength(1);
  });

  it('allows first-time-transaction codes only to customers who have not paid', async () => {
    await r.stripe.coupons.create({ id: 'R_FIRST', percent_off: 50 });
    const promo = await r.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: 'R_FIRST' },
      restrictions: { first_time_transaction: true },
    });
    const fresh = await r.stripe.customers.create({ email: 'fresh@example.com' });
    const insertInvoice = (id: string, status: string, amountPaid: number) =>
      r.db.query('INSERT INTO invoices (id, created, data) VALUES ($1, $2, $3)', [
        id,
        r.clock.now(),
        JSON.stringify({
          id, object: 'invoice', customer: fresh.id, status, currency: 'usd',
          total: amountPaid, amount_due: amountPaid, amount_paid: amountPaid, amount_remaining: 0,
        }),
      ]);
    const p = [{ promotion_code: promo.id }];
    expect(await resolve(p, { customerId: fresh.id })).toHaveLength(1);
    await insertInvoice('in_first_trial', 'paid', 0);
    await insertInvoice('in_first_open', 'open', 0);
    expect(await resolve(p, { customerId: fresh.id })).toHaveLength(1);
    await insertInvoice('in_first_paid', 'paid', 1200);
    expect(await failure(resolve(p, { customerId: fresh.id }))).toMatchObject({ status: 400, param: 'discounts[0][promotion_code]' });
  });

  it('counts redemptions on the coupon and the code, with events, and stops at max_redemptions', async () => {
    await r.stripe.coupons.create({ id: 'R_LIMIT', percent_off: 10, max_redemptions: 2 });
    const promo = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'R_LIMIT' }, max_redemptions: 1 });
    const [viaCode] = await resolve([{ promotion_code: promo.id }], { customerId: cus.id });
    await r.db.transaction((tx) => recordRedemption(ctx(tx), viaCode.coupon, viaCode.promotionCode));
    expect((await r.stripe.promotionCodes.retrieve(promo.id)).times_redeemed).toBe(1);
    expect(await r.stripe.coupons.retrieve('R_LIMIT')).toMatchObject({ times_redeemed: 1, valid: true });
    expect(await failure(resolve([{ promotion_code: promo.id }], { customerId: cus.id }))).toMatchObject({
      status: 400,
      param: 'discounts[0][promotion_code]',
    });
    // A stale copy of the code cannot push it past its limit.
    expect(await failure(r.db.transaction((tx) => recordRedemption(ctx(tx), viaCode.coupon, viaCode.promotionCode)))).toMatchObject({ status: 400 });

    const [direct] = await resolve([{ coupon: 'R_LIMIT' }], { customerId: cus.id });
    await r.db.transaction((tx) => recordRedemption(ctx(tx), direct.coupon, null));
    const spent = await r.stripe.coupons.retrieve('R_LIMIT');
    expect(spent).toMatchObject({ times_redeemed: 2, valid: false });
    expect((await r.db.query(`SELECT data FROM coupons WHERE id = 'R_LIMIT'`))[0].data.valid).toBe(false);
    expect(await failure(resolve([{ coupon: 'R_LIMIT' }], { customerId: cus.id }))).toMatchObject({
      status: 400,
      code: 'coupon_expired',
      param: 'discounts[0][coupon]',
    });
    expect(await failure(r.db.transaction((tx) => recordRedemption(ctx(tx), direct.coupon, null)))).toMatchObject({ status: 400 });

    const couponEvents = await eventsFor('R_LIMIT');
    expect(couponEvents.map((e) => e.type)).toEqual(['coupon.created', 'coupon.updated', 'coupon.updated']);
    expect((couponEvents[2].data.data as any).previous_attributes).toEqual({ times_redeemed: 1, valid: true });
    const codeEvents = await eventsFor(promo.id);
    expect(codeEvents.map((e) => e.type)).toEqual(['promotion_code.created', 'promotion_code.updated']);
    expect((codeEvents[1].data.data as any).previous_attributes).toEqual({ times_redeemed: 0 });
  });
});
