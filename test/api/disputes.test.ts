// Disputes through the official client on test clocks: the dispute card's charge succeeds, the
// processor's dispute opens a minute later on the customer's clock, withdrawing the amount and the
// fee; evidence submitted wins (reinstated) or loses; accepting closes it lost.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { JAN_1 } from '../support/calendar.ts';
import { eventTypesOfCustomer } from '../support/events.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';
import { FixedClock } from '../../src/core/clock.ts';

const r = recurForFile();

const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);
const net = (d: Stripe.Dispute) => d.balance_transactions.reduce((s, t) => s + t.net, 0);

async function disputedPayment(amount: number, card = 'pm_card_createDispute') {
  const { clock, customer } = await clockedCustomer(r.stripe, JAN_1, card);
  const pm = (await r.stripe.customers.retrieve(customer.id) as Stripe.Customer).invoice_settings.default_payment_method as string;
  const pi = await r.stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: pm, confirm: true });
  expect(pi.status).toBe('succeeded');
  const chargeId = pi.latest_charge as string;
  // Nothing is disputed until the processor's report comes due on the customer's clock.
  expect((await r.stripe.disputes.list({ charge: chargeId })).data).toHaveLength(0);
  await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 3600 });
  const [dispute] = (await r.stripe.disputes.list({ charge: chargeId })).data;
  return { clock, customer, pi, chargeId, dispute };
}

describe('disputes', () => {
  it('opens a minute after the charge, withdraws amount and fee; winning evidence reinstates both', async () => {
    const { customer, pi, chargeId, dispute } = await disputedPayment(5000);
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 5000,
      currency: 'usd',
      charge: chargeId,
      payment_intent: pi.id,
      reason: 'fraudulent',
      status: 'needs_response',
      created: JAN_1 + 60,
      is_charge_refundable: false,
    });
    expect(dispute.id).toMatch(/^dp_/);
    expect(dispute.evidence_details).toMatchObject({ due_by: JAN_1 + 60 + 7 * 86_400, has_evidence: false, submission_count: 0 });
    // −5,000 disputed, 1,500 fee: net −6,500.
    expect(dispute.balance_transactions.map((t) => [t.amount, t.fee, t.net, t.reporting_category])).toEqual([[-5000, 1500, -6500, 'dispute']]);
    expect((await r.stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    expect((await r.stripe.charges.search({ query: 'disputed:"true"' })).data.map((c) => c.id)).toContain(chargeId);
    // A disputed charge is answered through its dispute, not refunded.
    const refused = await expectStripeError(r.stripe.refunds.create({ charge: chargeId }), { status: 400 });
    expect(refused.code).toBe('charge_disputed');

    const drafted = await r.stripe.disputes.update(dispute.id, { evidence: { customer_name: 'Ada', product_description: 'Annual plan' }, metadata: { case: 'C-7' } });
    expect(drafted).toMatchObject({ status: 'needs_response', metadata: { case: 'C-7' }, evidence: { customer_name: 'Ada', product_description: 'Annual plan' } });
    expect(drafted.evidence_details.has_evidence).toBe(true);

    const won = await r.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    expect(won.status).toBe('won');
    expect(won.evidence.customer_name).toBe('Ada');
    expect(won.evidence_details.submission_count).toBe(1);
    // +5,000 back and the 1,500 fee returned: net +6,500; the dispute costs nothing in the end.
    expect(won.balance_transactions.map((t) => [t.amount, t.fee, t.net])).toEqual([
      [-5000, 1500, -6500],
      [5000, -1500, 6500],
    ]);
    expect(net(won)).toBe(0);
    expect(await r.stripe.disputes.retrieve(dispute.id)).toEqual(won);
    await expectStripeError(r.stripe.disputes.close(dispute.id), { status: 400 });
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('charge.dispute.'))).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.updated',
      'charge.dispute.funds_reinstated',
      'charge.dispute.closed',
    ]);
  });

  it('accepting the dispute (close) loses it and the money stays withdrawn; a subscription charge on 4000000000000259', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const card = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000259', exp_month: 12, exp_year: 2030, cvc: '123' } });
    await r.stripe.paymentMethods.attach(card.id, { customer: customer.id });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2900, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('active');
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 120 });
    const [dispute] = (await r.stripe.disputes.list({ limit: 100 })).data.filter((d) => d.amount === 2900);
    expect([dispute.status, dispute.created]).toEqual(['needs_response', JAN_1 + 60]);
    const lost = await r.stripe.disputes.close(dispute.id);
    expect(lost.status).toBe('lost');
    expect(net(lost)).toBe(-4400); // −2,900 − 1,500 fee
    await expectStripeError(r.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true }), { status: 400 });
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('charge.dispute.')).at(-1)).toBe('charge.dispute.closed');
  });

  it('on the system clock the engine opens the dispute on its tick once the minute has passed', async () => {
    const customer = await r.stripe.customers.create({ email: 'system-clock@example.com' });
    const pi = await r.stripe.paymentIntents.create({ amount: 700, currency: 'usd', customer: customer.id, payment_method: 'pm_card_createDispute', confirm: true });
    const at = r.clock.now();
    await runOutboxes(r.recur.engine, new FixedClock(at + 59));
    expect((await r.stripe.disputes.list({ payment_intent: pi.id })).data).toHaveLength(0);
    await runOutboxes(r.recur.engine, new FixedClock(at + 60));
    const [dispute] = (await r.stripe.disputes.list({ payment_intent: pi.id })).data;
    expect([dispute.status, dispute.created, dispute.amount]).toEqual(['needs_response', at + 60, 700]);
  });

  it('evidence without a verdict stays under review; losing evidence loses', async () => {
    const { dispute } = await disputedPayment(1000);
    const review = await r.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'Delivered on time' }, submit: true });
    expect(review.status).toBe('under_review');
    const { dispute: other } = await disputedPayment(1200);
    const lost = await r.stripe.disputes.update(other.id, { evidence: { uncategorized_text: 'losing_evidence' }, submit: true });
    expect([lost.status, net(lost)]).toEqual(['lost', -2700]);
    await expectStripeError(r.stripe.disputes.retrieve('dp_missing'), { status: 404 });
  });
});
