// The replay test: a POST retried with its Idempotency-Key, one after another and all at once, runs
// its command once — one subscription, one invoice, one payment intent, one charge — and every
// retry gets the first answer, marked Idempotent-Replayed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { allRoutes } from '../../src/api/routes/index.ts';
import type { RouteDef } from '../../src/api/route.ts';

const runs = new Map<string, number>();
const counted = (def: RouteDef): RouteDef => ({
  ...def,
  handler: (ctx, params, path) => {
    const name = `${def.method} ${def.path}`;
    runs.set(name, (runs.get(name) ?? 0) + 1);
    return def.handler(ctx, params, path);
  },
});

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ app: { routes: allRoutes().map(counted) } });
});
afterAll(() => r.close());

const count = async (table: string, customer: string) =>
  Number((await r.db.query(`SELECT count(*) AS n FROM ${table} WHERE customer_id = $1`, [customer]))[0].n);
/** Charges the test processor really made (its own ledger, by gateway key) with the customer's card. */
const ledgerCharges = async (c: Stripe.Customer) =>
  Number(
    (await r.db.query('SELECT count(*) AS n FROM test_processor_ledger WHERE payment_method_id = $1', [c.invoice_settings.default_payment_method]))[0].n,
  );

async function monthlyPrice(): Promise<Stripe.Price> {
  return r.stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Replay plan' } });
}

describe('replayed POST /v1/subscriptions', () => {
  it('creates one subscription, invoice, payment intent and charge for 21 requests with one key', async () => {
    const price = await monthlyPrice();
    const customer = await r.stripe.customers.create({ email: 'replay@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const params: Stripe.SubscriptionCreateParams = { customer: customer.id, items: [{ price: price.id }] };
    const key = 'replay-subscription-1';
    const before = runs.get('POST /v1/subscriptions') ?? 0;

    const first = await r.stripe.subscriptions.create(params, { idempotencyKey: key });
    expect(first.status).toBe('active');
    const sequential: Stripe.Response<Stripe.Subscription>[] = [];
    for (let i = 0; i < 10; i++) sequential.push(await r.stripe.subscriptions.create(params, { idempotencyKey: key }));
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => r.stripe.subscriptions.create(params, { idempotencyKey: key })));

    for (const s of [...sequential, ...concurrent]) {
      expect(s.id).toBe(first.id);
      expect(s.lastResponse.headers['idempotent-replayed']).toBe('true');
    }
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect((runs.get('POST /v1/subscriptions') ?? 0) - before).toBe(1);
    expect(await count('subscriptions', customer.id)).toBe(1);
    expect(await count('invoices', customer.id)).toBe(1);
    expect(await count('payment_intents', customer.id)).toBe(1);
    expect(await count('charges', customer.id)).toBe(1);
    expect(await ledgerCharges(customer)).toBe(1);
    const invoice = (await r.stripe.invoices.list({ customer: customer.id })).data[0];
    expect(invoice).toMatchObject({ status: 'paid', amount_paid: 1500 });
  });

  it('runs the command once when all 20 requests arrive at once', async () => {
    const price = await monthlyPrice();
    const customer = await r.stripe.customers.create({ email: 'burst@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const params: Stripe.SubscriptionCreateParams = { customer: customer.id, items: [{ price: price.id }] };
    const before = runs.get('POST /v1/subscriptions') ?? 0;
    const all = await Promise.all(Array.from({ length: 20 }, () => r.stripe.subscriptions.create(params, { idempotencyKey: 'replay-burst' })));
    expect(new Set(all.map((s) => s.id)).size).toBe(1);
    expect(all.filter((s) => s.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect((runs.get('POST /v1/subscriptions') ?? 0) - before).toBe(1);
    expect(await count('subscriptions', customer.id)).toBe(1);
    expect(await count('charges', customer.id)).toBe(1);
    expect(await ledgerCharges(customer)).toBe(1);
  });

  it('lets a corrected retry run after a 400, and replays a 402 decline without charging again', async () => {
    const price = await monthlyPrice();
    const customer = await r.stripe.customers.create({ email: 'fix@example.com', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const key = 'replay-after-400';
    // The first attempt names a price that does not exist: nothing changes and the key is not kept.
    await expect(r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: 'price_missing' }] }, { idempotencyKey: key })).rejects.toMatchObject({ statusCode: 400 });
    // Different parameters under the same key are allowed now, because the failed request stored nothing.
    const fixed = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] }, { idempotencyKey: key });
    expect(fixed.status).toBe('active');

    const declined = await r.stripe.customers.create({ email: 'decline@example.com', payment_method: 'pm_card_chargeCustomerFail', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    const invoice = await r.stripe.invoices.create({ customer: declined.id, collection_method: 'charge_automatically' });
    await r.stripe.invoiceItems.create({ customer: declined.id, invoice: invoice.id, amount: 700, currency: 'usd' });
    await r.stripe.invoices.finalizeInvoice(invoice.id, { auto_advance: false });
    const pay = () => r.stripe.invoices.pay(invoice.id, {}, { idempotencyKey: 'replay-decline' });
    const first = await pay().catch((e) => e);
    expect(first.statusCode).toBe(402);
    const charges = await count('charges', declined.id);
    const ledger = await ledgerCharges(declined);
    expect(ledger).toBe(1);
    const again = await Promise.all(Array.from({ length: 5 }, () => pay().catch((e) => e)));
    for (const e of again) {
      expect(e.statusCode).toBe(402);
      expect(e.headers['idempotent-replayed']).toBe('true');
    }
    expect(await count('charges', declined.id)).toBe(charges);
    expect(await ledgerCharges(declined)).toBe(ledger);
  });
});

describe('replayed transaction: false commands', () => {
  it('advances a test clock once for 10 concurrent requests with one key', async () => {
    const JAN_1 = 1_767_225_600;
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const before = runs.get('POST /v1/test_helpers/test_clocks/:id/advance') ?? 0;
    const advance = () => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 86_400 }, { idempotencyKey: 'replay-advance' });
    const all = await Promise.all(Array.from({ length: 10 }, advance));
    expect(all.filter((c) => c.lastResponse.headers['idempotent-replayed'] === 'true')).toHaveLength(9);
    expect(new Set(all.map((c) => c.frozen_time))).toEqual(new Set([JAN_1 + 86_400]));
    expect((runs.get('POST /v1/test_helpers/test_clocks/:id/advance') ?? 0) - before).toBe(1);
    const advancing = await r.db.query(`SELECT count(*) AS n FROM events WHERE type = 'test_helpers.test_clock.advancing' AND data->'data'->'object'->>'id' = $1`, [clock.id]);
    expect(Number(advancing[0].n)).toBe(1);
    // A retry after the command finished replays it too.
    const later = await advance();
    expect(later.lastResponse.headers['idempotent-replayed']).toBe('true');
  });

  it('frees the key after a 400 so a corrected retry runs', async () => {
    const JAN_1 = 1_767_225_600;
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const key = 'replay-advance-400';
    await expect(r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 - 10 }, { idempotencyKey: key })).rejects.toMatchObject({ statusCode: 400 });
    const ok = await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 60 }, { idempotencyKey: key });
    expect(ok.frozen_time).toBe(JAN_1 + 60);
  });
});
