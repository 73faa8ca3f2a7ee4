// Refunds through the official client: partial then full, on a charge or a payment intent, shown
// on the charge; pending refunds canceled; refusals that change nothing.
import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfCustomer } from '../support/events.ts';

const r = recurForFile();

async function paid(amount: number, card = 'pm_card_visa') {
  const customer = await r.stripe.customers.create({ email: 'refund@example.com' });
  const pi = await r.stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: card, confirm: true });
  expect(pi.status).toBe('succeeded');
  return { customer, pi, chargeId: pi.latest_charge as string };
}

const charge = (id: string) => r.stripe.charges.retrieve(id, { expand: ['refunds'] });
const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

describe('refunds', () => {
  it('a partial refund, then a full one, each shown on the charge', async () => {
    const { customer, pi, chargeId } = await paid(5000);
    const first = await r.stripe.refunds.create({ charge: chargeId, amount: 1500, reason: 'requested_by_customer', metadata: { ticket: 'T-1' } });
    expect(first).toMatchObject({
      object: 'refund',
      amount: 1500,
      currency: 'usd',
      status: 'succeeded',
      charge: chargeId,
      payment_intent: pi.id,
      reason: 'requested_by_customer',
      metadata: { ticket: 'T-1' },
    });
    expect(first.id).toMatch(/^re_/);
    let ch = await charge(chargeId);
    expect([ch.amount_refunded, ch.refunded, ch.refunds?.data.map((x) => x.id)]).toEqual([1500, false, [first.id]]);
    // Without expand the charge does not carry its refunds, as in Stripe.
    expect((await r.stripe.charges.retrieve(chargeId)).refunds).toBeUndefined();

    // The rest (5,000 − 1,500 = 3,500) through the payment intent.
    const rest = await r.stripe.refunds.create({ payment_intent: pi.id });
    expect(rest).toMatchObject({ amount: 3500, status: 'succeeded', charge: chargeId });
    ch = await charge(chargeId);
    expect([ch.amount_refunded, ch.refunded]).toEqual([5000, true]);
    expect(ch.refunds?.data.map((x) => x.amount)).toEqual([3500, 1500]);

    const again = await expectStripeError(r.stripe.refunds.create({ charge: chargeId, amount: 1 }), { status: 400, type: 'invalid_request_error' });
    expect(again.code).toBe('charge_already_refunded');
    expect((await r.stripe.refunds.list({ charge: chargeId })).data).toHaveLength(2);
    expect((await r.stripe.refunds.list({ payment_intent: pi.id })).data.map((x) => x.id)).toEqual([rest.id, first.id]);
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('refund.') || t === 'charge.refunded')).toEqual([
      'refund.created',
      'charge.refunded',
      'refund.created',
      'charge.refunded',
    ]);
  });

  it('refuses a refund above what is left, changing nothing', async () => {
    const { chargeId } = await paid(2000);
    await r.stripe.refunds.create({ charge: chargeId, amount: 500 });
    const err = await expectStripeError(r.stripe.refunds.create({ charge: chargeId, amount: 1501 }), { status: 400, param: 'amount' });
    expect(err.message).toContain('1500');
    await expectStripeError(r.stripe.refunds.create({ charge: 'ch_missing' }), { status: 404, param: 'charge' });
    await expectStripeError(r.stripe.refunds.create({}), { status: 400 });
    const ch = await charge(chargeId);
    expect([ch.amount_refunded, ch.refunds?.data.length]).toEqual([500, 1]);
    expect((await r.stripe.refunds.create({ charge: chargeId, amount: 1500 })).status).toBe('succeeded');
  });

  it('retrieves, updates metadata and lists', async () => {
    const { chargeId } = await paid(1000);
    const made = await r.stripe.refunds.create({ charge: chargeId, amount: 100, metadata: { a: '1' } });
    expect(await r.stripe.refunds.retrieve(made.id)).toEqual(made);
    const updated = await r.stripe.refunds.update(made.id, { metadata: { b: '2', a: '' } });
    expect(updated.metadata).toEqual({ b: '2' });
    expect((await r.stripe.refunds.list({ limit: 100 })).data.map((x) => x.id)).toContain(made.id);
    await expectStripeError(r.stripe.refunds.retrieve('re_missing'), { status: 404 });
  });

  it('a pending refund holds its amount until it is canceled', async () => {
    const { chargeId } = await paid(3000, 'pm_card_refundPending');
    const pending = await r.stripe.refunds.create({ charge: chargeId, amount: 1000 });
    expect(pending.status).toBe('pending');
    expect((await charge(chargeId)).amount_refunded).toBe(1000);
    await expectStripeError(r.stripe.refunds.create({ charge: chargeId, amount: 2001 }), { status: 400, param: 'amount' });
    const canceled = await r.stripe.refunds.cancel(pending.id);
    expect(canceled.status).toBe('canceled');
    expect((await charge(chargeId)).amount_refunded).toBe(0);
    await expectStripeError(r.stripe.refunds.cancel(pending.id), { status: 400 });
    const { chargeId: other } = await paid(700);
    const done = await r.stripe.refunds.create({ charge: other });
    await expectStripeError(r.stripe.refunds.cancel(done.id), { status: 400 });
  });

  it('a refund the processor refuses fails and gives the amount back to the charge', async () => {
    const { customer, chargeId } = await paid(1200, 'pm_card_refundFail');
    const failed = await r.stripe.refunds.create({ charge: chargeId });
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card', amount: 1200 });
    expect((await charge(chargeId)).amount_refunded).toBe(0);
    expect(await eventTypes(customer.id)).toContain('refund.failed');
  });

  it("refunds an invoice's payment through its payment intent", async () => {
    const customer = await r.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    await r.stripe.invoiceItems.create({ customer: customer.id, amount: 2500, currency: 'usd' });
    const draft = await r.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    await r.stripe.invoices.finalizeInvoice(draft.id);
    const inv = await r.stripe.invoices.retrieve(draft.id, { expand: ['payments'] });
    expect(inv.status).toBe('paid');
    const pi = await r.stripe.paymentIntents.retrieve(inv.payments!.data[0].payment.payment_intent as string);
    const refund = await r.stripe.refunds.create({ payment_intent: pi.id, amount: 1000 });
    expect(refund).toMatchObject({ status: 'succeeded', amount: 1000, customer: customer.id });
    const ch = await r.stripe.charges.retrieve(pi.latest_charge as string);
    expect([ch.amount, ch.amount_refunded, ch.refunded]).toEqual([2500, 1000, false]);
  });
});
