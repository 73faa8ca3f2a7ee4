// The seeds' collection recipes, through the official client on test clocks: a renewal charged
// ahead into the balance (seed 002) and a canceled customer coming back without a trial, paying
// for the days they skipped (seed 003).
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1, MAR_1 } from '../support/calendar.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';

const r = recurForFile();

const monthly = (amount: number) => monthlyPlan(r.stripe, amount);
const charges = async (customer: string) => (await r.stripe.charges.list({ customer, limit: 100 })).data.reverse();
const invoicesOf = async (subscription: string) => (await r.stripe.invoices.list({ subscription, limit: 100 })).data.reverse();

describe('collection recipes', () => {
  it('charge ahead: a renewal paid now becomes a balance credit that settles its invoice', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await monthly(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 19 * DAY });
    // Jan 20: the customer pays the Feb 1 renewal now: a charge of the renewal's amount…
    const pm = customer.invoice_settings?.default_payment_method ?? (await r.stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method;
    const ahead = await r.stripe.paymentIntents.create({
      amount: 2000,
      currency: 'usd',
      customer: customer.id,
      payment_method: pm as string,
      confirm: true,
      description: 'Renewal from Feb 1, paid ahead',
      metadata: { charge_ahead_for: sub.id },
    });
    expect(ahead.status).toBe('succeeded');
    // …credited to the customer's balance.
    const credit = await r.stripe.customers.createBalanceTransaction(customer.id, {
      amount: -2000,
      currency: 'usd',
      description: `Renewal paid ahead (${ahead.id})`,
      metadata: { payment_intent: ahead.id },
    });
    expect(credit.ending_balance).toBe(-2000);
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const [, renewal] = await invoicesOf(sub.id);
    // 2,000 − 2,000 of credit = 0 due: paid from the balance, nothing charged on Feb 1.
    expect(renewal).toMatchObject({ status: 'paid', total: 2000, starting_balance: -2000, ending_balance: 0, amount_due: 0 });
    expect((await charges(customer.id)).map((c) => [c.created, c.amount])).toEqual([
      [JAN_1, 2000],
      [JAN_1 + 19 * DAY, 2000],
    ]);
    expect(((await r.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(0);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('reactivation: a canceled customer comes back without a trial and pays for the days they skipped', async () => {
    await r.stripe.rawRequest('POST', '/v1/recur/settings/billing', { retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'cancel', invoice_action: 'open' });
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await r.stripe.prices.create({
      currency: 'usd',
      unit_amount: 2800,
      recurring: { interval: 'month', trial_period_days: 14 } as Stripe.PriceCreateParams.Recurring,
      product_data: { name: 'Publisher' },
    });
    const first = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_end: 'now' });
    expect(first.status).toBe('active');
    // The card starts failing; the Feb 1 renewal is retried for two weeks, then the subscription is canceled.
    const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 20 * DAY });
    const canceled = await r.stripe.subscriptions.retrieve(first.id);
    expect(canceled.status).toBe('canceled');
    const endedAt = canceled.ended_at!;
    expect(endedAt).toBe(FEB_1 + 3600 + 14 * DAY);
    const [, unpaid] = await invoicesOf(first.id);
    expect(unpaid).toMatchObject({ status: 'open', amount_remaining: 2800 });

    // Mar 10: the customer comes back with a new card.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: MAR_1 + 9 * DAY });
    const card = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    // 1. The days used without paying: from the unpaid period's start to the cancellation,
    //    prorated by seconds: 2,800 × (14 days + 1 hour) / 28 days = 2,800 × 1,213,200 / 2,419,200 = 1,404.17 → 1,404.
    const periodStart = unpaid.lines.data[0].period.start;
    const periodEnd = unpaid.lines.data[0].period.end;
    const skipped = Math.round((2800 * (endedAt - periodStart)) / (periodEnd - periodStart));
    expect(skipped).toBe(1404);
    // 2. The old invoice is voided (it asked for the whole month)…
    await r.stripe.invoices.voidInvoice(unpaid.id);
    // 3. …and the new subscription starts now, without the price's trial, its first invoice also
    //    billing the skipped days (add_invoice_items).
    const back = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
      trial_end: 'now',
      add_invoice_items: [{ price_data: { currency: 'usd', product: price.product as string, unit_amount: skipped } }],
    });
    expect(back.status).toBe('active');
    expect(back.trial_end).toBeNull();
    const [firstOfNew] = await invoicesOf(back.id);
    // 2,800 for the month from Mar 10 + 1,404 skipped = 4,204, charged to the new card.
    expect(firstOfNew).toMatchObject({ status: 'paid', total: 4204, amount_paid: 4204 });
    expect(firstOfNew.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([1404, 2800]);
  });
});
