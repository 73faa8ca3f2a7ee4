// Fixing the card during dunning, through the official client on test clocks: a new default
// payment method (on the customer or the subscription) makes the engine try the past-due invoice
// again at once; a success returns the subscription to active. invoices.pay retries on demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const FEB_1 = 1_769_904_000; // 2026-02-01T00:00:00Z
const DAY = 86_400;
const F = FEB_1 + 3600; // the renewal's first attempt

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
  await r.stripe.rawRequest('POST', '/v1/recur/settings/billing', { retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'cancel', invoice_action: 'open' });
});
afterAll(() => r.close());

/** A subscriber whose Feb 1 renewal was declined: past_due, the invoice open and scheduled for F + 1 day. */
async function pastDue() {
  const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
  const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: F + 2 * DAY });
  const renewal = (await r.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
  expect(renewal).toMatchObject({ status: 'open', attempt_count: 2, next_payment_attempt: F + 3 * DAY });
  expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
  const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
  return { clock, customer, sub, renewal, advance };
}

describe('fixing the card', () => {
  it("a new default card on the customer pays the past-due invoice at once and the subscription is active again", async () => {
    const s = await pastDue();
    const card = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: s.customer.id });
    await r.stripe.customers.update(s.customer.id, { invoice_settings: { default_payment_method: card.id } });
    // The engine makes the attempt as due work at the change's instant (on a test clock: when it next moves).
    expect((await r.stripe.invoices.retrieve(s.renewal.id)).next_payment_attempt).toBe(F + 2 * DAY);
    await s.advance(F + 2 * DAY + 60);
    const paid = await r.stripe.invoices.retrieve(s.renewal.id);
    expect(paid).toMatchObject({ status: 'paid', attempt_count: 3, amount_paid: 1000, next_payment_attempt: null });
    expect(paid.status_transitions.paid_at).toBe(F + 2 * DAY);
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('active');
    // No further retry: the schedule's instants pass without a charge.
    await s.advance(F + 20 * DAY);
    const charges = (await r.stripe.charges.list({ customer: s.customer.id, limit: 100 })).data;
    expect(charges.filter((c) => c.status === 'succeeded').map((c) => c.created).sort()).toEqual([JAN_1, F + 2 * DAY]);
  });

  it("a new default card on the subscription is used for its past-due invoice", async () => {
    const s = await pastDue();
    const card = await r.stripe.paymentMethods.attach('pm_card_mastercard', { customer: s.customer.id });
    await r.stripe.subscriptions.update(s.sub.id, { default_payment_method: card.id });
    await s.advance(F + 2 * DAY + 60);
    const paid = await r.stripe.invoices.retrieve(s.renewal.id, { expand: ['payments'] });
    expect(paid.status).toBe('paid');
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('active');
    const charge = (await r.stripe.charges.list({ customer: s.customer.id, limit: 1 })).data[0];
    expect([charge.payment_method, charge.status, charge.amount]).toEqual([card.id, 'succeeded', 1000]);
  });

  it('a card that still fails keeps the schedule; invoices.pay retries on demand', async () => {
    const s = await pastDue();
    const other = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: s.customer.id });
    await r.stripe.customers.update(s.customer.id, { invoice_settings: { default_payment_method: other.id } });
    await s.advance(F + 2 * DAY + 60);
    // Tried at once (attempt 3) and declined: the next scheduled retry is still F + 3 days.
    expect(await r.stripe.invoices.retrieve(s.renewal.id)).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: F + 3 * DAY });
    const err = await expectStripeError(r.stripe.invoices.pay(s.renewal.id), { status: 402, type: 'card_error' });
    expect(err.code).toBe('card_declined');
    const paid = await r.stripe.invoices.pay(s.renewal.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', attempt_count: 5 });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('active');
  });

  it('bad input changes nothing: a payment method of another customer, paying a void invoice, voiding a paid one', async () => {
    const s = await pastDue();
    const stranger = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const theirs = (await r.stripe.paymentMethods.list({ customer: stranger.id, type: 'card' })).data[0];
    await expectStripeError(r.stripe.customers.update(s.customer.id, { invoice_settings: { default_payment_method: theirs.id } }), {});
    await expectStripeError(r.stripe.subscriptions.update(s.sub.id, { default_payment_method: theirs.id }), { status: 400 });
    await expectStripeError(r.stripe.invoices.pay(s.renewal.id, { payment_method: theirs.id }), { status: 400 });
    expect(await r.stripe.invoices.retrieve(s.renewal.id)).toMatchObject({ status: 'open', attempt_count: 2 });
    const paid = await r.stripe.invoices.pay(s.renewal.id, { paid_out_of_band: true });
    await expectStripeError(r.stripe.invoices.voidInvoice(paid.id), { status: 400 });
    expect((await r.stripe.invoices.retrieve(paid.id)).status).toBe('paid');
    const other = await pastDue();
    await r.stripe.invoices.voidInvoice(other.renewal.id);
    await expectStripeError(r.stripe.invoices.pay(other.renewal.id), { status: 400 });
    expect((await r.stripe.invoices.retrieve(other.renewal.id)).status).toBe('void');
  });
});
