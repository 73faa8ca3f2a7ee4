// Dunning on test clocks, through the official client: a declined renewal makes the subscription
// past_due, the engine retries at the account's scheduled instants, and when the retries run out
// the subscription and the invoice end as the billing settings say.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { createTestCardProcessor } from '../../src/payments/test-card-processor.ts';
import type { PaymentGateway } from '../../src/core/gateway.ts';
import { expectStripeError } from '../support/recur.ts';

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const FEB_1 = 1_769_904_000; // 2026-02-01T00:00:00Z
const DAY = 86_400;
// The renewal invoice finalizes (and is first charged) an hour after the period starts.
const F = FEB_1 + 3600;

/** Customers whose next charges the processor declines as a lost card (a hard decline). */
const lostCards = new Set<string>();
const base = createTestCardProcessor();
const gateway: PaymentGateway = {
  ...base,
  charge: async (req) =>
    req.customerId && lostCards.has(req.customerId)
      ? { status: 'failed', code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' }
      : base.charge(req),
};

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ compose: { gateway } });
});
afterAll(() => r.close());

const settings = (params: Record<string, unknown> = {}) => r.stripe.rawRequest('POST', '/v1/recur/settings/billing', params);
beforeEach(async () => {
  await settings({ retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'cancel', invoice_action: 'open', send_invoice_overdue_days: 30 });
});

/** A customer paying 1,000 a month from Jan 1 whose card starts declining before the Feb 1 renewal. */
async function decliningSubscriber() {
  const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
  const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
  expect(sub.status).toBe('active');
  const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
  const renewal = async () => (await r.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
  const chargeTimes = async () => (await r.stripe.charges.list({ customer: customer.id, limit: 100 })).data.map((c) => c.created).reverse();
  return { clock, customer, sub, advance, renewal, chargeTimes };
}

describe('billing settings', () => {
  it('reads and changes the policy; a bad schedule changes nothing', async () => {
    const before = await r.stripe.rawRequest('GET', '/v1/recur/settings/billing');
    expect(before).toMatchObject({ object: 'billing_settings', retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'cancel', invoice_action: 'open' });
    const changed = await settings({ subscription_action: 'unpaid', invoice_action: 'mark_uncollectible' });
    expect(changed).toMatchObject({ retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'unpaid', invoice_action: 'mark_uncollectible' });
    const err = await expectStripeError(settings({ retry_schedule: [3, 2] }), { status: 400, type: 'invalid_request_error' });
    expect(err.param).toBe('retry_schedule[1]');
    await expectStripeError(settings({ subscription_action: 'delete' }), { status: 400, type: 'invalid_request_error' });
    expect(await r.stripe.rawRequest('GET', '/v1/recur/settings/billing')).toMatchObject({ retry_schedule: [1, 3, 5, 7, 9, 11, 14], subscription_action: 'unpaid' });
  });
});

describe('dunning on a test clock', () => {
  it('retries at each scheduled instant, then cancels the subscription and marks the invoice uncollectible', async () => {
    await settings({ invoice_action: 'mark_uncollectible' });
    const s = await decliningSubscriber();
    await s.advance(F);
    let inv = await s.renewal();
    expect(inv).toMatchObject({ status: 'open', attempted: true, attempt_count: 1, next_payment_attempt: F + 1 * DAY });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('past_due');
    // Each retry at its instant: attempt k+1 at F + schedule[k] days, the next one scheduled.
    const schedule = [1, 3, 5, 7, 9, 11, 14];
    for (let k = 0; k < schedule.length; k++) {
      await s.advance(F + schedule[k] * DAY);
      inv = await s.renewal();
      const last = k === schedule.length - 1;
      expect(inv.attempt_count).toBe(k + 2);
      expect(inv.next_payment_attempt).toBe(last ? null : F + schedule[k + 1] * DAY);
      expect(inv.status).toBe(last ? 'uncollectible' : 'open');
      expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe(last ? 'canceled' : 'past_due');
    }
    // 8 attempts within 14 days, each at its scheduled instant (after the paid Jan 1 charge).
    expect(await s.chargeTimes()).toEqual([JAN_1, F, ...schedule.map((d) => F + d * DAY)]);
    const sub = await r.stripe.subscriptions.retrieve(s.sub.id);
    expect(sub.cancellation_details?.reason).toBe('payment_failed');
    expect(sub.canceled_at).toBe(F + 14 * DAY);
    expect(inv.status_transitions.marked_uncollectible_at).toBe(F + 14 * DAY);
    // Nothing more happens: no charge after the end, no renewal of a canceled subscription.
    await s.advance(FEB_1 + 40 * DAY);
    expect(await s.chargeTimes()).toHaveLength(9);
  });

  it('marks the subscription unpaid and leaves the invoice open', async () => {
    await settings({ retry_schedule: [1, 2], subscription_action: 'unpaid', invoice_action: 'open' });
    const s = await decliningSubscriber();
    await s.advance(F + 3 * DAY);
    expect(await s.chargeTimes()).toEqual([JAN_1, F, F + DAY, F + 2 * DAY]);
    expect(await s.renewal()).toMatchObject({ status: 'open', attempt_count: 3, next_payment_attempt: null, amount_remaining: 1000 });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('unpaid');
  });

  it('leaves the subscription past_due when the policy says so', async () => {
    await settings({ retry_schedule: [2], subscription_action: 'past_due', invoice_action: 'open' });
    const s = await decliningSubscriber();
    await s.advance(F + 5 * DAY);
    expect(await s.chargeTimes()).toEqual([JAN_1, F, F + 2 * DAY]);
    expect(await s.renewal()).toMatchObject({ status: 'open', attempt_count: 2, next_payment_attempt: null });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('past_due');
  });

  it('does not retry after a hard decline', async () => {
    const s = await decliningSubscriber();
    await s.advance(F);
    expect((await s.renewal()).next_payment_attempt).toBe(F + DAY);
    lostCards.add(s.customer.id);
    await s.advance(F + DAY);
    const inv = await s.renewal();
    // The lost card ends dunning at once: no further attempt, the policy (cancel) applies.
    expect(inv).toMatchObject({ status: 'open', attempt_count: 2, next_payment_attempt: null });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('canceled');
    await s.advance(F + 20 * DAY);
    expect(await s.chargeTimes()).toEqual([JAN_1, F, F + DAY]);
  });

  it('does not retry when there is no payment method', async () => {
    await settings({ subscription_action: 'unpaid' });
    const s = await decliningSubscriber();
    const pms = await r.stripe.paymentMethods.list({ customer: s.customer.id, type: 'card' });
    for (const pm of pms.data) await r.stripe.paymentMethods.detach(pm.id);
    await s.advance(F + 20 * DAY);
    expect(await s.renewal()).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: null });
    expect((await r.stripe.subscriptions.retrieve(s.sub.id)).status).toBe('unpaid');
    expect(await s.chargeTimes()).toEqual([JAN_1]);
  });

  it('an overdue send_invoice invoice: invoice.overdue at its due date, the policy after the configured days', async () => {
    await settings({ send_invoice_overdue_days: 10, invoice_action: 'mark_uncollectible', subscription_action: 'cancel' });
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 7 });
    const advance = (t: number) => r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: t });
    const [first] = (await r.stripe.invoices.list({ subscription: sub.id })).data;
    await r.stripe.invoices.pay(first.id, { paid_out_of_band: true });
    await advance(FEB_1 + DAY);
    const renewal = (await r.stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
    const due = renewal.due_date!;
    expect(renewal).toMatchObject({ status: 'open', billing_reason: 'subscription_cycle' });
    expect(due).toBe(renewal.status_transitions.finalized_at! + 7 * DAY);
    await advance(due + 60);
    const types = async () =>
      (await r.db.query('SELECT type, created FROM events WHERE customer_id = $1 ORDER BY seq', [customer.id])).filter((e) => e.type === 'invoice.overdue');
    expect((await types()).map((e) => Number(e.created))).toEqual([due]);
    expect((await r.stripe.invoices.retrieve(renewal.id)).status).toBe('open');
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    await advance(due + 10 * DAY + 60);
    const after = await r.stripe.invoices.retrieve(renewal.id);
    expect(after.status).toBe('uncollectible');
    expect(after.status_transitions.marked_uncollectible_at).toBe(due + 10 * DAY);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(await types()).toHaveLength(1);
  });
});
