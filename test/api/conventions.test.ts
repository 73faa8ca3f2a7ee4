// API conventions end to end: auth, request ids, errors, expand, idempotency, OpenAPI, and no 500s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Stripe from 'stripe';
import { z } from 'zod';
import qs from 'qs';
import { queryStringifyRequestData } from '../../node_modules/stripe/esm/utils.js';
import { expectStripeError, startRecur, TEST_API_KEY, type TestRecur } from '../support/recur.ts';
import { allRoutes } from '../../src/api/routes/index.ts';
import { IDEMPOTENCY_TTL_SECONDS } from '../../src/store/idempotency-keys.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const form = (data: Record<string, unknown>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: queryStringifyRequestData(data),
});

describe('authentication', () => {
  it('answers 401 without a key or with a wrong one, and accepts Bearer and Basic', async () => {
    const none = await r.fetch('/v1/customers', { auth: false });
    expect(none.status).toBe(401);
    expect(none.body.error.type).toBe('invalid_request_error');
    expect(none.body.error.message).toMatch(/did not provide an API key/);
    const wrong = await r.fetch('/v1/customers', { headers: { authorization: 'Bearer sk_test_not_a_real_key_at_all' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toMatch(/Invalid API Key provided: sk_test_\*+/);
    expect(wrong.body.error.message).not.toContain('not_a_real_key');
    const garbled = await r.fetch('/v1/customers', { headers: { authorization: 'Token abc' } });
    expect(garbled.status).toBe(401);

    const basic = await r.fetch('/v1/customers', { headers: { authorization: `Basic ${Buffer.from(`${TEST_API_KEY}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(basic.body.object).toBe('list');
    const bearer = await r.fetch('/v1/customers', { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    expect(bearer.status).toBe(200);

    const sdk = new Stripe('sk_test_wrong_key_0000000000', { host: '127.0.0.1', port: r.port, protocol: 'http', maxNetworkRetries: 0 });
    const e = await expectStripeError(sdk.customers.list(), { status: 401 });
    expect(e).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });
});

describe('request ids and errors', () => {
  it('sets Request-Id on answers and errors alike', async () => {
    const ok = await r.fetch('/v1/customers');
    const err = await r.fetch('/v1/customers/cus_missing');
    const ids = [ok.headers.get('request-id'), err.headers.get('request-id')];
    for (const id of ids) expect(id).toMatch(/^req_\w+$/);
    expect(ids[0]).not.toBe(ids[1]);
    const c = await r.stripe.customers.create({ email: 'rid@example.com' });
    expect(c.lastResponse.requestId).toMatch(/^req_/);
  });

  it('answers unknown URLs with a Stripe-shaped JSON 404 the SDK can read', async () => {
    const raw = await r.fetch('/v1/nothing/here?x=1', { method: 'POST' });
    expect(raw.status).toBe(404);
    expect(raw.headers.get('content-type')).toMatch(/application\/json/);
    expect(raw.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(raw.body.error.message).toContain('/v1/nothing/here');
    const e = await expectStripeError(r.stripe.rawRequest('GET', '/v1/nothing'), { status: 404, type: 'invalid_request_error' });
    expect(e).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(e.message).not.toMatch(/Invalid JSON/);
  });

  it('rejects malformed JSON and form bodies with 400 invalid_request_error', async () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '{"email":'],
      ['application/json', '{"email": "a@b.c",}'],
      ['application/json', '[1, 2]'],
      ['application/json', '"just a string"'],
      ['application/json', 'null'],
      ['application/x-www-form-urlencoded', '{"email":"json@sent.as.form"}'],
      ['application/x-www-form-urlencoded', 'metadata=x&metadata[a]=b'],
      ['application/x-www-form-urlencoded', 'email[]=a&email[]=b'],
      ['application/x-www-form-urlencoded', '[]=1&=2'],
      ['text/plain', 'hello there'],
    ];
    for (const [type, body] of bodies) {
      const res = await r.fetch('/v1/customers', { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, `${type} ${body}`).toBe(400);
      expect(res.body.error.type, body).toBe('invalid_request_error');
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
    }
  });

  it('names unknown and invalid params in bracket notation', async () => {
    await expectStripeError(r.stripe.customers.create({ nickname: 'x' } as any), { status: 400, code: 'parameter_unknown', param: 'nickname' });
    await expectStripeError(r.stripe.customers.create({ invoice_settings: { colour: 'red' } } as any), {
      code: 'parameter_unknown',
      param: 'invoice_settings[colour]',
    });
    await expectStripeError(
      r.stripe.customers.create({ invoice_settings: { custom_fields: [{ name: 'a', value: 'b' }, { name: 'c', value: 'd', extra: 1 }] } } as any),
      { code: 'parameter_unknown', param: 'invoice_settings[custom_fields][1][extra]' },
    );
    await expectStripeError(r.stripe.customers.list({ limit: 'ten' as any }), { status: 400, param: 'limit' });
    await expectStripeError(r.stripe.customers.list({ colour: 'red' } as any), { status: 400, param: 'colour', code: 'parameter_unknown' });
  });
});

describe('expand', () => {
  it('expands ids, nested paths and list items, and refuses what cannot be expanded', async () => {
    const product = await r.stripe.products.create({ name: 'Expandable', default_price_data: { currency: 'usd', unit_amount: 700 } });
    const priceId = product.default_price as string;
    const price = await r.stripe.prices.retrieve(priceId, { expand: ['product'] });
    expect((price.product as Stripe.Product).id).toBe(product.id);
    expect((price.product as Stripe.Product).object).toBe('product');

    const nested = await r.stripe.prices.retrieve(priceId, { expand: ['product.default_price'] });
    const nestedProduct = nested.product as Stripe.Product;
    expect((nestedProduct.default_price as Stripe.Price).id).toBe(priceId);
    expect((nestedProduct.default_price as Stripe.Price).unit_amount).toBe(700);

    const listed = await r.stripe.prices.list({ product: product.id, expand: ['data.product'] });
    expect(listed.data.length).toBeGreaterThan(0);
    for (const p of listed.data) expect((p.product as Stripe.Product).name).toBe('Expandable');

    // POSTs expand too, and the expansion is what an idempotent replay returns.
    const updated = await r.stripe.products.update(product.id, { description: 'x', expand: ['default_price'] }, { idempotencyKey: 'expand-upd' });
    expect((updated.default_price as Stripe.Price).id).toBe(priceId);
    const replayed = await r.stripe.products.update(product.id, { description: 'x', expand: ['default_price'] }, { idempotencyKey: 'expand-upd' });
    expect(replayed).toEqual(updated);

    const c = await r.stripe.customers.create({ email: 'expand@example.com' });
    for (const field of ['email', 'balance', 'delinquent', 'invoice_settings', 'id', 'nonexistent', 'metadata'])
      await expectStripeError(r.stripe.customers.retrieve(c.id, { expand: [field] }), { status: 400, param: 'expand' }).catch((e) => {
        throw new Error(`expand[]=${field}: ${e.message}`);
      });
    await expectStripeError(r.stripe.customers.retrieve(c.id, { expand: ['a.b.c.d.e.f'] }), { status: 400, param: 'expand' });
    await expectStripeError(r.stripe.customers.retrieve(c.id, { expand: ['Bad Path!'] }), { status: 400, param: 'expand' });
    // A null expandable field stays null.
    const plain = await r.stripe.customers.retrieve(c.id, { expand: ['test_clock'] });
    expect((plain as Stripe.Customer).test_clock).toBeNull();
  });
});

describe('idempotency', () => {
  it('replays the stored answer with Idempotent-Replayed', async () => {
    const req = () => r.fetch('/v1/customers', { ...form({ email: 'replay@example.com', metadata: { n: '1' } }), headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': 'conv-replay' } });
    const first = await req();
    const second = await req();
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
  });

  it('leaves nothing behind for a replay, not even after answering', async () => {
    const c = await r.stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'conv-once' });
    const count = async () => (await r.db.query(`SELECT (SELECT count(*) FROM customers)::int AS c, (SELECT count(*) FROM events)::int AS e`))[0];
    const before = await count();
    const again = await r.stripe.customers.create({ email: 'once@example.com' }, { idempotencyKey: 'conv-once' });
    expect(again.id).toBe(c.id);
    // Answered replays once ran the command again in the background (an awaited FastifyReply is thenable).
    await r.stripe.customers.list({ limit: 1 });
    await new Promise((done) => setTimeout(done, 50));
    expect(await count()).toEqual(before);
    // A command that would fail if run again (its id is taken now) still replays its first answer.
    const coupon = await r.stripe.coupons.create({ id: 'CONV-ONCE', percent_off: 10 }, { idempotencyKey: 'conv-once-coupon' });
    const couponAgain = await r.stripe.coupons.create({ id: 'CONV-ONCE', percent_off: 10 }, { idempotencyKey: 'conv-once-coupon' });
    expect(couponAgain).toEqual(coupon);
    await expectStripeError(r.stripe.coupons.create({ id: 'CONV-ONCE', percent_off: 10 }), { status: 400 });
  });

  it('refuses a key reused with other params, and on another path', async () => {
    await r.stripe.customers.create({ email: 'one@example.com' }, { idempotencyKey: 'conv-mismatch' });
    const e = await expectStripeError(r.stripe.customers.create({ email: 'two@example.com' }, { idempotencyKey: 'conv-mismatch' }), {
      status: 400,
      type: 'idempotency_error',
    });
    expect(e).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expectStripeError(r.stripe.products.create({ name: 'p' }, { idempotencyKey: 'conv-mismatch' }), { status: 400, type: 'idempotency_error' });
    const tooLong = await r.fetch('/v1/customers', { method: 'POST', headers: { 'idempotency-key': 'k'.repeat(256) } });
    expect(tooLong.status).toBe(400);
  });

  it('forgets keys after 24 hours', async () => {
    const a = await r.stripe.customers.create({ email: 'expire-a@example.com' }, { idempotencyKey: 'conv-expire' });
    r.clock.advance(IDEMPOTENCY_TTL_SECONDS - 10);
    const stillSame = await r.stripe.customers.create({ email: 'expire-a@example.com' }, { idempotencyKey: 'conv-expire' });
    expect(stillSame.id).toBe(a.id);
    r.clock.advance(11);
    const b = await r.stripe.customers.create({ email: 'expire-b@example.com' }, { idempotencyKey: 'conv-expire' });
    expect(b.id).not.toBe(a.id);
    expect(b.email).toBe('expire-b@example.com');
    const bAgain = await r.stripe.customers.create({ email: 'expire-b@example.com' }, { idempotencyKey: 'conv-expire' });
    expect(bAgain.id).toBe(b.id);
  });

  it('creates one object for concurrent requests with the same key', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => r.stripe.customers.create({ email: 'conc@example.com' }, { idempotencyKey: 'conv-concurrent' })),
    );
    expect(new Set(results.map((c) => c.id)).size).toBe(1);
    const rows = await r.db.query(`SELECT count(*)::int AS n FROM customers WHERE email = 'conc@example.com'`);
    expect(rows[0].n).toBe(1);
    const events = await r.db.query(`SELECT count(*)::int AS n FROM events WHERE customer_id = $1`, [results[0].id]);
    expect(events[0].n).toBe(1);
  });

  it('does not store failed requests: the same key may be retried with fixed params', async () => {
    await expectStripeError(r.stripe.customers.create({ balance: 'x' as any }, { idempotencyKey: 'conv-failed' }), { status: 400 });
    const ok = await r.stripe.customers.create({ email: 'fixed@example.com' }, { idempotencyKey: 'conv-failed' });
    expect(ok.email).toBe('fixed@example.com');
  });
});

describe('OpenAPI', () => {
  it('lists every registered route with its parameters', async () => {
    const res = await r.fetch('/openapi.json', { auth: false });
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\./);
    const listed = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const routes = allRoutes();
    expect(listed.sort()).toEqual(routes.map((x) => `${x.method} ${x.path.replace(/:(\w+)/g, '{$1}')}`).sort());
    for (const route of routes) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')][route.method.toLowerCase()];
      expect(op.summary, route.path).toBe(route.summary);
      const pathParams = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(op.parameters.filter((p: any) => p.in === 'path').map((p: any) => p.name)).toEqual(pathParams);
      const props = Object.keys((z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' }) as any).properties ?? {});
      if (route.method === 'POST') {
        const schema = op.requestBody.content['application/x-www-form-urlencoded'].schema;
        expect(schema.type, route.path).toBe('object');
        expect(Object.keys(schema.properties ?? {})).toEqual(props);
      } else {
        expect(op.parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name)).toEqual(props);
      }
    }
    const createCustomer = doc.paths['/v1/customers'].post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(createCustomer.properties).toHaveProperty('email');
    expect(createCustomer.properties).toHaveProperty('metadata');
  });
});

/**
 * Form encoding for any string, even one no client could send as UTF-8 (a lone surrogate becomes
 * U+FFFD, as Buffer encodes it); JSON bodies carry lone surrogates and NUL as escapes.
 */
const anyForm = (data: Record<string, unknown>) =>
  qs.stringify(data, {
    encoder: (str: unknown) =>
      [...Buffer.from(String(str), 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join(''),
  });

describe('no input produces a 500', () => {
  // Arbitrary Unicode: any code point, lone surrogates and NUL included, not only printable ASCII.
  const anyText = (maxLength: number) => fc.oneof(fc.string({ unit: 'binary', maxLength }), fc.string({ unit: 'grapheme', maxLength }), fc.string({ maxLength }));
  const scalar = fc.oneof(
    anyText(12),
    fc.constantFrom('', '0', '-1', '1.5', 'true', 'false', 'null', 'inf', 'usd', 'month', 'cus_x', '9999999999999999999999', 'NaN', '1e400', ' ', '\u0000', 'a\ud800', '\udfff', '9007199254740993'),
    fc.integer(),
    fc.boolean(),
  );
  const value = fc.letrec((tie) => ({
    v: fc.oneof({ depthSize: 'small', maxDepth: 3 }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(anyText(8), tie('v'), { maxKeys: 3 })),
  })).v;

  /** Param bags mostly made of the route's own params (so validation goes deeper than "unknown param"). */
  function bagFor(route: ReturnType<typeof allRoutes>[number]) {
    const props = Object.keys((z.toJSONSchema(route.params, { io: 'input', unrepresentable: 'any' }) as any).properties ?? {});
    const key = props.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...props) }, { weight: 1, arbitrary: fc.constantFrom('expand', 'zzz') }) : fc.constantFrom('expand', 'zzz');
    return fc.dictionary(key, value, { maxKeys: 6 });
  }

  const pick = (method: string, path: string) => allRoutes().find((x) => x.method === method && x.path === path)!;

  it('fuzzes writes and reads with random parameter bags', async () => {
    const c = await r.stripe.customers.create({ email: 'fuzz@example.com' });
    const targets = [
      ['POST', '/v1/customers', '/v1/customers'],
      ['POST', '/v1/customers/:id', `/v1/customers/${c.id}`],
      ['GET', '/v1/customers', '/v1/customers'],
      ['POST', '/v1/products', '/v1/products'],
      ['POST', '/v1/prices', '/v1/prices'],
      ['GET', '/v1/prices', '/v1/prices'],
      ['POST', '/v1/coupons', '/v1/coupons'],
      ['POST', '/v1/tax_rates', '/v1/tax_rates'],
      ['POST', '/v1/promotion_codes', '/v1/promotion_codes'],
      ['POST', '/v1/invoiceitems', '/v1/invoiceitems'],
      ['POST', '/v1/invoices', '/v1/invoices'],
      ['POST', '/v1/subscriptions', '/v1/subscriptions'],
      ['POST', '/v1/payment_methods', '/v1/payment_methods'],
      ['GET', '/v1/invoices', '/v1/invoices'],
    ].filter(([m, p]) => allRoutes().some((x) => x.method === m && x.path === p));
    for (const [method, path, url] of targets) {
      await fc.assert(
        fc.asyncProperty(bagFor(pick(method, path)), fc.boolean(), async (bag, asJson) => {
          const encoded = anyForm(bag);
          const res =
            method === 'GET'
              ? await r.fetch(`${url}?${encoded}`)
              : await r.fetch(url, {
                  method: 'POST',
                  headers: { 'content-type': asJson ? 'application/json' : 'application/x-www-form-urlencoded' },
                  body: asJson ? JSON.stringify(bag) : encoded,
                });
          expect(res.status, `${method} ${url} ${asJson ? JSON.stringify(bag) : encoded} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('fuzzes search queries', async () => {
    const fieldNames = fc.constantFrom('email', 'name', 'created', 'metadata', 'phone', 'nope', 'metadata[\'k\']');
    const query = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc
        .tuple(fieldNames, fc.constantFrom(':', '~', '>', '<', '>=', '<='), fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }).map((s) => `'${s.replace(/'/g, '')}'`), fc.constantFrom('null', '1.5', '-3', '99999999999999999999999', '0', "''")))
        .map(([f, op, v]) => `${f}${op}${v}`),
    );
    await fc.assert(
      fc.asyncProperty(query, fc.option(fc.string({ unit: 'binary', maxLength: 10 }), { nil: undefined }), async (q, page) => {
        const res = await r.fetch(`/v1/customers/search?${anyForm({ query: q, page })}`);
        expect(res.status, `${q} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }),
      { numRuns: 200 },
    );
  });
});
