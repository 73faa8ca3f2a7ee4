// Bad input never reaches a 500: text PostgreSQL cannot store, amounts past the safe range, custom
// ids taken by a racing request, and every refusal the framework or the HTTP parser makes — each
// answered with Stripe's error object, per endpoint family, through the SDK where it can send it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, TEST_API_KEY, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
let customer: Stripe.Customer;
let price: Stripe.Price;
let product: Stripe.Product;
let coupon: Stripe.Coupon;
beforeAll(async () => {
  r = await startRecur();
  customer = await r.stripe.customers.create({ email: 'bad@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  product = await r.stripe.products.create({ name: 'Bad input' });
  price = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100_000_000_000, recurring: { interval: 'month' } });
  coupon = await r.stripe.coupons.create({ percent_off: 10 });
});
afterAll(() => r.close());

/** One create per endpoint family, with a string param to spoil (and where it sits). */
const families = (): Array<{ name: string; path: string; params: Record<string, unknown>; text: string }> => [
  { name: 'customers', path: '/v1/customers', params: {}, text: 'name' },
  { name: 'products', path: '/v1/products', params: { name: 'P' }, text: 'description' },
  { name: 'prices', path: '/v1/prices', params: { currency: 'usd', unit_amount: 100 }, text: 'nickname' },
  { name: 'coupons', path: '/v1/coupons', params: { percent_off: 5 }, text: 'name' },
  { name: 'promotion codes', path: '/v1/promotion_codes', params: { promotion: { type: 'coupon', coupon: coupon.id } }, text: 'code' },
  { name: 'tax rates', path: '/v1/tax_rates', params: { percentage: 5, inclusive: false }, text: 'display_name' },
  { name: 'subscriptions', path: '/v1/subscriptions', params: { customer: customer.id, items: [{ price: 'x' }] }, text: 'description' },
  { name: 'invoices', path: '/v1/invoices', params: { customer: customer.id }, text: 'description' },
  { name: 'invoice items', path: '/v1/invoiceitems', params: { customer: customer.id, amount: 100, currency: 'usd' }, text: 'description' },
  { name: 'payment methods', path: '/v1/payment_methods', params: { type: 'card', card: { token: 'tok_visa' } }, text: 'metadata' },
];

const postJson = (path: string, body: string) =>
  r.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('text PostgreSQL cannot store', () => {
  it('refuses NUL in form bodies, through the SDK, naming the parameter (every family)', async () => {
    for (const f of families()) {
      const params = { ...f.params, ...(f.name === 'prices' ? { product: product.id } : {}), metadata: { note: 'a\u0000b' } };
      const e = await expectStripeError((r.stripe as any).rawRequest('POST', f.path, params), { status: 400, type: 'invalid_request_error' });
      expect(e.param, f.name).toBe('metadata[note]');
    }
  });

  it('refuses lone surrogates and NUL in JSON bodies, in values and metadata keys (every family)', async () => {
    for (const f of families()) {
      const base = { ...f.params, ...(f.name === 'prices' ? { product: product.id } : {}) };
      const value = f.text === 'metadata' ? { ...base, metadata: { k: 'x\ud800' } } : { ...base, [f.text]: 'x\ud800y' };
      const a = await postJson(f.path, JSON.stringify(value));
      expect(a.status, `${f.name}: ${JSON.stringify(a.body)}`).toBe(400);
      expect(a.body.error).toMatchObject({ type: 'invalid_request_error', param: f.text === 'metadata' ? 'metadata[k]' : f.text });
      const b = await postJson(f.path, JSON.stringify({ ...base, metadata: { ['k\u0000']: 'v' } }));
      expect(b.status, f.name).toBe(400);
      expect(b.body.error.param, f.name).toBe('metadata');
      const c = await postJson(f.path, JSON.stringify({ ...base, metadata: { ['\udc00']: 'v' } }));
      expect(c.status, f.name).toBe(400);
    }
  });

  it('refuses them in query strings, search queries and path ids', async () => {
    const list = await r.fetch('/v1/customers?email=a%00b');
    expect(list.status).toBe(400);
    expect(list.body.error.param).toBe('email');
    for (const family of ['customers', 'products', 'prices', 'subscriptions', 'invoices']) {
      const search = await r.fetch(`/v1/${family}/search?query=${encodeURIComponent("metadata['a']:'")}%00${encodeURIComponent("'")}`);
      expect(search.status, family).toBe(400);
      expect(search.body.error.param, family).toBe('query');
    }
    const jsonQuery = await r.fetch(`/v1/customers/search?query=${encodeURIComponent('name:')}%00`);
    expect(jsonQuery.status).toBe(400);
    for (const path of ['/v1/customers/cus_%00', '/v1/products/prod_%00', '/v1/prices/%00', '/v1/coupons/%00', '/v1/tax_rates/txr_%00', '/v1/invoices/in_%00', '/v1/subscriptions/sub_%00']) {
      const res = await r.fetch(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.param, path).toBe('id');
    }
    await expectStripeError(r.stripe.customers.update(customer.id, { name: 'nul\u0000' }), { status: 400, param: 'name' });
    await expectStripeError(r.stripe.customers.search({ query: "name:'\u0000'" }), { status: 400, param: 'query' });
  });
});

describe('amounts past the safe range', () => {
  it('answers 400 naming the quantity when unit amount × quantity overflows', async () => {
    // 100,000,000,000 × 1,000,000,000 = 10^20 > 2^53 − 1
    const e = await expectStripeError(
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 1_000_000_000 }] }),
      { status: 400, type: 'invalid_request_error' },
    );
    expect(e.param).toBe('items[0][quantity]');
    const item = await expectStripeError(
      r.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '100000000000' as any, quantity: 100_000_000 }),
      { status: 400, type: 'invalid_request_error' },
    );
    expect(item.param).toBe('quantity');
    const huge = await postJson('/v1/invoiceitems', JSON.stringify({ customer: customer.id, currency: 'usd', amount: 2 ** 60 }));
    expect(huge.status).toBe(400);
    expect(huge.body.error.param).toBe('amount');
  });

  it('answers 400 when the total of an invoice passes the safe range', async () => {
    const c = await r.stripe.customers.create({ email: 'total@example.com' });
    const invoice = await r.stripe.invoices.create({ customer: c.id });
    // Each line is 90,000,000,000 × 100,000 = 9 × 10^15, just below 2^53 − 1 ≈ 9.007 × 10^15; two of them are not.
    const line = () =>
      r.stripe.invoiceItems.create({ customer: c.id, invoice: invoice.id, currency: 'usd', unit_amount_decimal: '90000000000' as any, quantity: 100_000 });
    await line();
    const second = await line().then(() => null, (e) => e);
    const finalized = second ?? (await r.stripe.invoices.finalizeInvoice(invoice.id).then(() => null, (e) => e));
    expect(finalized?.statusCode, finalized?.message).toBe(400);
    expect(finalized.code).toBe('amount_too_large');
  });
});

describe('custom ids taken by a racing request', () => {
  it('answers resource_already_exists, never a 500, for coupons, products and promotion codes', async () => {
    const race = async (create: () => Promise<unknown>) => {
      const results = await Promise.all(Array.from({ length: 8 }, () => create().then(() => 'ok', (e) => e)));
      expect(results.filter((x) => x === 'ok')).toHaveLength(1);
      for (const e of results.filter((x) => x !== 'ok') as any[]) {
        expect(e.statusCode, e.message).toBe(400);
        expect(e.code).toBe('resource_already_exists');
      }
    };
    await race(() => r.stripe.coupons.create({ id: 'RACE10', percent_off: 10 }));
    await race(() => r.stripe.products.create({ id: 'prod_race', name: 'Race' }));
    await race(() => r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'RACECODE' }));
    await expectStripeError(r.stripe.coupons.create({ id: 'RACE10', percent_off: 10 }), { status: 400, code: 'resource_already_exists', param: 'id' });
  });
});

describe('framework refusals carry the Stripe error object', () => {
  const isStripeError = (body: any) => {
    expect(body.error.type).toBe('invalid_request_error');
    expect(typeof body.error.message).toBe('string');
  };

  it('404 for an unknown route, 405 for a known one with another method', async () => {
    const unknown = await r.fetch('/v1/nothing_here');
    expect(unknown.status).toBe(404);
    isStripeError(unknown.body);
    for (const [method, path] of [['PUT', '/v1/customers'], ['PATCH', `/v1/products/${product.id}`], ['DELETE', '/v1/invoiceitems'], ['PUT', '/v1/tax_rates']]) {
      const res = await r.fetch(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.get('allow')).toBeTruthy();
      isStripeError(res.body);
    }
  });

  it('413 for a body past the limit, 400 for malformed bodies', async () => {
    const big = await r.fetch('/v1/customers', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `name=${'x'.repeat(6 * 1024 * 1024)}` });
    expect(big.status).toBe(413);
    isStripeError(big.body);
    for (const [type, body] of [
      ['application/json', '{"name": '],
      ['application/json', '[1,2]'],
      ['application/json', '"just a string"'],
      ['application/x-www-form-urlencoded', 'a[b][c][d][e][f][g][h][i][j][k][l]=1'],
      ['text/plain', '{broken json'],
      ['application/xml', '<customer><name>x</name></customer>'],
    ]) {
      const res = await r.fetch('/v1/customers', { method: 'POST', headers: { 'content-type': type }, body });
      expect(res.status, `${type} ${body} → ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      isStripeError(res.body);
    }
  });

  /** Raw HTTP over a socket: Node's parser refuses these before any framework code runs. */
  function rawHttp(request: string): Promise<{ status: number; body: any }> {
    return new Promise((resolve, reject) => {
      const socket = connect(r.port, '127.0.0.1');
      let data = '';
      socket.on('data', (d) => (data += d.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
        const body = data.slice(data.indexOf('\r\n\r\n') + 4);
        try {
          resolve({ status, body: JSON.parse(body) });
        } catch {
          resolve({ status, body });
        }
      });
      socket.end(request);
    });
  }

  it('414 for a URI too long and 431 for headers too large, with a JSON body', async () => {
    const longUri = await rawHttp(`GET /v1/customers?email=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TEST_API_KEY}\r\n\r\n`);
    expect(longUri.status).toBe(414);
    isStripeError(longUri.body);
    const bigHeaders = await rawHttp(`GET /v1/customers HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expect(bigHeaders.status).toBe(431);
    isStripeError(bigHeaders.body);
    const garbage = await rawHttp('NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    isStripeError(garbage.body);
  });
});
