import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
let customer: Stripe.Customer;
beforeAll(async () => {
  r = await startRecur();
  customer = await r.stripe.customers.create({ email: 'promo@example.com' });
  await r.stripe.coupons.create({ id: 'TENOFF', percent_off: 10 });
  await r.stripe.coupons.create({ id: 'FIVEUSD', amount_off: 500, currency: 'usd', max_redemptions: 3, redeem_by: r.clock.now() + 30 * 86400 });
});
afterAll(() => r.close());

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

describe('promotion codes through the official client', () => {
  it('creates with every option, retrieves and updates', async () => {
    const expiresAt = r.clock.now() + 86400;
    const p = await r.stripe.promotionCodes.create({
      promotion: { type: 'coupon', coupon: 'FIVEUSD' },
      code: 'Welcome5',
      customer: customer.id,
      expires_at: expiresAt,
      max_redemptions: 2,
      restrictions: { first_time_transaction: true, minimum_amount: 2000, minimum_amount_currency: 'usd', currency_options: { eur: { minimum_amount: 1800 } } },
      metadata: { source: 'email' },
    });
    expect(p.id).toMatch(/^promo_/);
    expect(p).toMatchObject({
      object: 'promotion_code',
      active: true,
      code: 'Welcome5',
      customer: customer.id,
      customer_account: null,
      expires_at: expiresAt,
      livemode: false,
      max_redemptions: 2,
      metadata: { source: 'email' },
      promotion: { type: 'coupon', coupon: 'FIVEUSD' },
      restrictions: {
        first_time_transaction: true,
        minimum_amount: 2000,
        minimum_amount_currency: 'usd',
        currency_options: { usd: { minimum_amount: 2000 }, eur: { minimum_amount: 1800 } },
      },
      times_redeemed: 0,
      created: r.clock.now(),
    });
    expect(await r.stripe.promotionCodes.retrieve(p.id)).toEqual(p);

    const expanded = await r.stripe.promotionCodes.retrieve(p.id, { expand: ['promotion.coupon', 'customer'] });
    expect((expanded.promotion.coupon as Stripe.Coupon).amount_off).toBe(500);
    expect((expanded.customer as Stripe.Customer).email).toBe('promo@example.com');

    const u = await r.stripe.promotionCodes.update(p.id, {
      active: false,
      metadata: { source: '', note: 'paused' },
      restrictions: { currency_options: { gbp: { minimum_amount: 1500 } } },
    });
    expect(u.active).toBe(false);
    expect(u.metadata).toEqual({ note: 'paused' });
    expect(u.restrictions.currency_options).toEqual({
      usd: { minimum_amount: 2000 },
      eur: { minimum_amount: 1800 },
      gbp: { minimum_amount: 1500 },
    });
    const again = await r.stripe.promotionCodes.update(p.id, { active: true });
    expect(again.active).toBe(true);

    const events = await r.db.query(`SELECT type, customer_id, data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [p.id]);
    expect(events.map((e) => e.type)).toEqual(['promotion_code.created', 'promotion_code.updated', 'promotion_code.updated']);
    expect(events[0].customer_id).toBe(customer.id);
    expect(events[2].data.data.previous_attributes).toEqual({ active: false });
  });

  it('generates a code when none is given and defaults restrictions', async () => {
    const p = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' } });
    expect(p.code).toMatch(/^[A-Z0-9]{8}$/);
    expect(p).toMatchObject({
      customer: null,
      expires_at: null,
      max_redemptions: null,
      metadata: {},
      restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null, currency_options: {} },
    });
  });

  it('keeps active codes unique regardless of case', async () => {
    const a = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' }, code: 'SPRING' });
    await expectStripeError(r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' }, code: 'spring' }), {
      status: 400,
      param: 'code',
      code: 'resource_already_exists',
    });
    // An inactive code with the same text may exist beside the active one…
    const b = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' }, code: 'Spring', active: false });
    expect(b.active).toBe(false);
    // …but cannot be reactivated while the other is active.
    await expectStripeError(r.stripe.promotionCodes.update(b.id, { active: true }), { status: 400, param: 'active' });
    await r.stripe.promotionCodes.update(a.id, { active: false });
    expect((await r.stripe.promotionCodes.update(b.id, { active: true })).active).toBe(true);

    // Concurrent creates of one code: exactly one wins, the others get a clean 400.
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' }, code: 'RACE' })),
    );
    expect(results.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of results.filter((x) => x.status === 'rejected')) expect((x as PromiseRejectedResult).reason.statusCode).toBe(400);
  });

  it('refuses to reactivate a code that could not be redeemed', async () => {
    const start = r.clock.now();
    const p = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' }, expires_at: start + 60, active: false });
    r.clock.set(start + 60);
    try {
      await expectStripeError(r.stripe.promotionCodes.update(p.id, { active: true }), { status: 400, param: 'active' });
    } finally {
      r.clock.set(start);
    }
  });

  it('lists with filters and cursors', async () => {
    await r.stripe.coupons.create({ id: 'LISTED', percent_off: 50 });
    const t0 = r.clock.now() + 5000;
    const made: Stripe.PromotionCode[] = [];
    for (let i = 0; i < 4; i++) {
      r.clock.set(t0 + i);
      made.push(
        await r.stripe.promotionCodes.create({
          promotion: { type: 'coupon', coupon: 'LISTED' },
          code: `LISTED${i}`,
          active: i !== 1,
          ...(i === 2 ? { customer: customer.id } : {}),
        }),
      );
    }
    const byCoupon = await r.stripe.promotionCodes.list({ coupon: 'LISTED' });
    expect(byCoupon.data.map((p) => p.code)).toEqual(['LISTED3', 'LISTED2', 'LISTED1', 'LISTED0']);
    const active = await r.stripe.promotionCodes.list({ coupon: 'LISTED', active: true });
    expect(active.data.map((p) => p.code)).toEqual(['LISTED3', 'LISTED2', 'LISTED0']);
    const inactive = await r.stripe.promotionCodes.list({ coupon: 'LISTED', active: false });
    expect(inactive.data.map((p) => p.code)).toEqual(['LISTED1']);
    const byCode = await r.stripe.promotionCodes.list({ code: 'listed0' });
    expect(byCode.data.map((p) => p.id)).toEqual([made[0].id]);
    const byCustomer = await r.stripe.promotionCodes.list({ customer: customer.id, coupon: 'LISTED' });
    expect(byCustomer.data.map((p) => p.id)).toEqual([made[2].id]);
    const created = await r.stripe.promotionCodes.list({ created: { gt: t0, lte: t0 + 2 } });
    expect(created.data.map((p) => p.code)).toEqual(['LISTED2', 'LISTED1']);
    const page = await r.stripe.promotionCodes.list({ coupon: 'LISTED', limit: 2 });
    expect(page.has_more).toBe(true);
    const next = await r.stripe.promotionCodes.list({ coupon: 'LISTED', limit: 2, starting_after: page.data[1].id });
    expect(next.data.map((p) => p.code)).toEqual(['LISTED1', 'LISTED0']);
    expect(next.has_more).toBe(false);
    const prev = await r.stripe.promotionCodes.list({ coupon: 'LISTED', limit: 1, ending_before: next.data[0].id });
    expect(prev.data.map((p) => p.code)).toEqual(['LISTED2']);
    const all: string[] = [];
    for await (const p of r.stripe.promotionCodes.list({ coupon: 'LISTED', limit: 1 })) all.push(p.code);
    expect(all).toEqual(['LISTED3', 'LISTED2', 'LISTED1', 'LISTED0']);
    await expectStripeError(r.stripe.promotionCodes.list({ starting_after: 'promo_nope' }), { status: 404, param: 'starting_after' });
    await expectStripeError(r.stripe.promotionCodes.list({ active: 'maybe' as any }), { status: 400, param: 'active' });
    r.clock.set(t0 - 5000);
  });

  it('answers bad input with Stripe-shaped errors and writes nothing', async () => {
    const now = r.clock.now();
    await r.stripe.coupons.create({ id: 'EXPIRING', percent_off: 5, redeem_by: now + 10 });
    await r.stripe.coupons.create({ id: 'DELETED', percent_off: 5 });
    await r.stripe.coupons.del('DELETED');
    const existing = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'TENOFF' } });
    const before = { codes: await count('promotion_codes'), events: await count('events') };
    const promotion = { type: 'coupon' as const, coupon: 'TENOFF' };
    const bad: Array<[Stripe.PromotionCodeCreateParams, { status: number; param: string; code?: string }]> = [
      [{} as any, { status: 400, param: 'promotion', code: 'parameter_missing' }],
      [{ promotion: { type: 'coupon' } }, { status: 400, param: 'promotion[coupon]', code: 'parameter_missing' }],
      [{ promotion: { type: 'other' as any, coupon: 'TENOFF' } }, { status: 400, param: 'promotion[type]' }],
      [{ promotion: { type: 'coupon', coupon: 'NOPE' } }, { status: 404, param: 'promotion[coupon]', code: 'resource_missing' }],
      [{ promotion: { type: 'coupon', coupon: 'DELETED' } }, { status: 404, param: 'promotion[coupon]' }],
      [{ promotion, customer: 'cus_nope' }, { status: 404, param: 'customer' }],
      [{ promotion, expires_at: now }, { status: 400, param: 'expires_at' }],
      [{ promotion: { type: 'coupon', coupon: 'EXPIRING' }, expires_at: now + 11 }, { status: 400, param: 'expires_at' }],
      [{ promotion: { type: 'coupon', coupon: 'FIVEUSD' }, max_redemptions: 4 }, { status: 400, param: 'max_redemptions' }],
      [{ promotion, max_redemptions: 0 }, { status: 400, param: 'max_redemptions' }],
      [{ promotion, code: 'has space' }, { status: 400, param: 'code' }],
      [{ promotion, code: existing.code.toLowerCase() }, { status: 400, param: 'code' }],
      [{ promotion, restrictions: { minimum_amount: 100 } }, { status: 400, param: 'restrictions[minimum_amount_currency]', code: 'parameter_missing' }],
      [{ promotion, restrictions: { minimum_amount_currency: 'usd' } }, { status: 400, param: 'restrictions[minimum_amount]', code: 'parameter_missing' }],
      [{ promotion, restrictions: { minimum_amount: -1, minimum_amount_currency: 'usd' } }, { status: 400, param: 'restrictions[minimum_amount]' }],
      [{ promotion, restrictions: { minimum_amount: 1, minimum_amount_currency: 'qqq' } }, { status: 400, param: 'restrictions[minimum_amount_currency]' }],
      [{ promotion, restrictions: { currency_options: { eur: { minimum_amount: 5 } } } }, { status: 400, param: 'restrictions[currency_options]' }],
      [
        { promotion, restrictions: { minimum_amount: 1, minimum_amount_currency: 'usd', currency_options: { usd: { minimum_amount: 2 } } } },
        { status: 400, param: 'restrictions[currency_options][usd][minimum_amount]' },
      ],
      [
        { promotion, restrictions: { minimum_amount: 1, minimum_amount_currency: 'usd', currency_options: { xx: { minimum_amount: 2 } } } },
        { status: 400, param: 'restrictions[currency_options][xx]' },
      ],
      [{ promotion, restrictions: { first_time_transaction: 'yes' as any } }, { status: 400, param: 'restrictions[first_time_transaction]' }],
      [{ promotion, coupon: 'TENOFF' } as any, { status: 400, param: 'coupon', code: 'parameter_unknown' }],
    ];
    for (const [params, want] of bad) {
      await expectStripeError(r.stripe.promotionCodes.create(params), { type: 'invalid_request_error', ...want }).catch((e) => {
        throw new Error(`${JSON.stringify(params)}: ${e.message}`);
      });
    }
    r.clock.set(now + 11);
    await expectStripeError(r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'EXPIRING' } }), {
      status: 400,
      param: 'promotion[coupon]',
    });
    r.clock.set(now);
    await expectStripeError(r.stripe.promotionCodes.update('promo_nope', { active: false }), { status: 404, param: 'id' });
    await expectStripeError(r.stripe.promotionCodes.update(existing.id, { code: 'X' } as any), { status: 400, param: 'code' });
    await expectStripeError(r.stripe.promotionCodes.update(existing.id, { restrictions: { currency_options: { eur: { minimum_amount: 1 } } } }), {
      status: 400,
      param: 'restrictions[currency_options]',
    });
    await expectStripeError(r.stripe.promotionCodes.retrieve('promo_nope'), { status: 404, code: 'resource_missing' });
    expect({ codes: await count('promotion_codes'), events: await count('events') }).toEqual(before);
  });
});
