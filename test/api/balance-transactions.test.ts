import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

describe('customer balance transactions through the official client', () => {
  it('credits and debits the balance, lists, retrieves and updates transactions', async () => {
    const c = await r.stripe.customers.create({ name: 'Balance' });
    const credit = await r.stripe.customers.createBalanceTransaction(c.id, {
      amount: -2500,
      currency: 'usd',
      description: 'Goodwill credit',
      metadata: { ticket: 'T-1' },
    });
    expect(credit).toMatchObject({
      object: 'customer_balance_transaction',
      amount: -2500,
      currency: 'usd',
      customer: c.id,
      description: 'Goodwill credit',
      ending_balance: -2500,
      invoice: null,
      type: 'adjustment',
      metadata: { ticket: 'T-1' },
      created: r.clock.now(),
    });
    expect(credit.id).toMatch(/^cbtxn_/);
    const debit = await r.stripe.customers.createBalanceTransaction(c.id, { amount: 1000, currency: 'usd' });
    expect(debit.ending_balance).toBe(-1500); // −2500 + 1000
    const recorded = await r.db.query(`SELECT object_id FROM events WHERE type = 'customer.balance_transaction.created' AND customer_id = $1 ORDER BY seq`, [c.id]);
    expect(recorded.map((e) => e.object_id)).toEqual([credit.id, debit.id]);
    const cust = (await r.stripe.customers.retrieve(c.id)) as Stripe.Customer;
    expect(cust.balance).toBe(-1500);
    expect(cust.currency).toBe('usd');

    const list = await r.stripe.customers.listBalanceTransactions(c.id);
    expect(list.data.map((t) => t.id)).toEqual([debit.id, credit.id]);
    expect(await r.stripe.customers.retrieveBalanceTransaction(c.id, credit.id)).toEqual(credit);

    const u = await r.stripe.customers.updateBalanceTransaction(c.id, credit.id, { description: 'Renamed', metadata: { ticket: '' } });
    expect(u).toMatchObject({ description: 'Renamed', metadata: {}, amount: -2500 });
  });

  it('rejects bad input', async () => {
    const c = await r.stripe.customers.create({});
    const other = await r.stripe.customers.create({});
    await expectStripeError(r.stripe.customers.createBalanceTransaction(c.id, { amount: 100 } as any), {
      status: 400,
      code: 'parameter_missing',
      param: 'currency',
    });
    await expectStripeError(r.stripe.customers.createBalanceTransaction(c.id, { currency: 'usd' } as any), {
      status: 400,
      param: 'amount',
    });
    await expectStripeError(r.stripe.customers.createBalanceTransaction(c.id, { amount: 0, currency: 'usd' }), { param: 'amount' });
    await expectStripeError(r.stripe.customers.createBalanceTransaction('cus_nope', { amount: 1, currency: 'usd' }), { status: 404 });
    const t = await r.stripe.customers.createBalanceTransaction(c.id, { amount: -100, currency: 'usd' });
    await expectStripeError(r.stripe.customers.createBalanceTransaction(c.id, { amount: -100, currency: 'eur' }), {
      status: 400,
      param: 'currency',
    });
    await expectStripeError(r.stripe.customers.retrieveBalanceTransaction(other.id, t.id), { status: 404, code: 'resource_missing' });
  });
});
