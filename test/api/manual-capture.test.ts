// PaymentIntents with capture_method manual through the official client: authorize, capture in
// full or in part, cancel (the authorization released), refusals that change nothing; searching
// payment intents and charges.
import { describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, recurForFile } from '../support/recur.ts';
import { eventTypesOfCustomer } from '../support/events.ts';
import { createTestCardProcessor } from '../../src/payments/test-card-processor.ts';
import { finishStuckCaptures } from '../../src/services/payment-intents/capture-payment-intent.ts';

const r = recurForFile();

const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

async function authorized(amount: number) {
  const customer = await r.stripe.customers.create({ email: 'hold@example.com' });
  const pi = await r.stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true });
  return { customer, pi };
}

describe('manual capture', () => {
  it('confirm authorizes (requires_capture); a partial capture takes part and releases the rest', async () => {
    const { customer, pi } = await authorized(10_000);
    expect(pi).toMatchObject({ status: 'requires_capture', capture_method: 'manual', amount_capturable: 10_000, amount_received: 0 });
    let charge = await r.stripe.charges.retrieve(pi.latest_charge as string);
    expect([charge.status, charge.captured, charge.amount, charge.amount_captured]).toEqual(['succeeded', false, 10_000, 0]);
    // Nothing captured yet: nothing to refund.
    await expectStripeError(r.stripe.refunds.create({ payment_intent: pi.id }), { status: 400 });

    // More than authorized is refused and changes nothing.
    const tooMuch = await expectStripeError(r.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 10_001 }), { status: 400, param: 'amount_to_capture' });
    expect(tooMuch.code).toBe('amount_too_large');
    expect((await r.stripe.paymentIntents.retrieve(pi.id)).status).toBe('requires_capture');

    const captured = await r.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 7_500 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 7_500, amount_capturable: 0 });
    charge = await r.stripe.charges.retrieve(pi.latest_charge as string);
    expect([charge.captured, charge.amount_captured]).toEqual([true, 7_500]);
    // What can be refunded is what was captured.
    expect((await r.stripe.refunds.create({ payment_intent: pi.id })).amount).toBe(7_500);
    await expectStripeError(r.stripe.paymentIntents.capture(pi.id), { status: 400 });
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('payment_intent.') || t.startsWith('charge.'))).toEqual([
      'payment_intent.created',
      'charge.succeeded',
      'payment_intent.amount_capturable_updated',
      'charge.captured',
      'payment_intent.succeeded',
      'charge.refunded',
    ]);
  });

  it('a full capture by default; cancel releases an authorization; a canceled intent cannot be captured', async () => {
    const { pi } = await authorized(4_200);
    expect((await r.stripe.paymentIntents.capture(pi.id)).amount_received).toBe(4_200);

    const { customer, pi: held } = await authorized(3_000);
    const canceled = await r.stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned', amount_capturable: 0 });
    const charge = await r.stripe.charges.retrieve(held.latest_charge as string);
    expect([charge.captured, charge.refunded, charge.amount_refunded]).toEqual([false, true, 3_000]);
    const err = await expectStripeError(r.stripe.paymentIntents.capture(held.id), { status: 400 });
    expect(err.code).toBe('payment_intent_unexpected_state');
    await expectStripeError(r.stripe.paymentIntents.cancel(held.id), { status: 400 });
    expect((await eventTypes(customer.id)).at(-1)).toBe('payment_intent.canceled');

    // An intent never confirmed is canceled without the gateway.
    const open = await r.stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    expect((await r.stripe.paymentIntents.cancel(open.id)).status).toBe('canceled');
    // A succeeded one cannot be canceled.
    const paid = await r.stripe.paymentIntents.create({ amount: 500, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
    await expectStripeError(r.stripe.paymentIntents.cancel(paid.id), { status: 400 });
  });

  it('searches payment intents and charges', async () => {
    const customer = await r.stripe.customers.create({ email: 'search@example.com' });
    const big = await r.stripe.paymentIntents.create({ amount: 9_100, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, metadata: { order: 'A-1' } });
    await r.stripe.paymentIntents.create({ amount: 1_100, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true });
    const found = await r.stripe.paymentIntents.search({ query: `customer:'${customer.id}' AND amount>5000` });
    expect(found.data.map((x) => x.id)).toEqual([big.id]);
    expect((await r.stripe.paymentIntents.search({ query: `metadata['order']:'A-1'` })).data.map((x) => x.id)).toEqual([big.id]);
    const charges = await r.stripe.charges.search({ query: `customer:'${customer.id}' AND status:'succeeded'` });
    expect(charges.data.map((c) => c.amount).sort()).toEqual([1_100, 9_100]);
    await expectStripeError(r.stripe.charges.search({ query: 'amount>>' }), { status: 400, param: 'query' });
  });
});

describe('a capture whose answer is lost', () => {
  it('stays requires_capture; the engine asks again under the same key and captures once', async () => {
    const processor = createTestCardProcessor();
    let lose = 1;
    const captures: string[] = [];
    const gateway = {
      ...processor,
      charge: processor.charge.bind(processor),
      authorize: processor.authorize!.bind(processor),
      async capture(req: Parameters<NonNullable<typeof processor.capture>>[0]) {
        captures.push(req.idempotencyKey);
        const result = await processor.capture!(req);
        if (lose-- > 0) throw new Error('connection reset after capturing');
        return result;
      },
    };
    const own = await startRecur({ compose: { gateway } });
    try {
      const pi = await own.stripe.paymentIntents.create({ amount: 6000, currency: 'usd', payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true });
      const unknown = await own.stripe.paymentIntents.capture(pi.id, { amount_to_capture: 4000 });
      expect(unknown.status).toBe('requires_capture');
      expect(await finishStuckCaptures(own.context(), { olderThan: 0 })).toBe(1);
      const done = await own.stripe.paymentIntents.retrieve(pi.id);
      expect([done.status, done.amount_received]).toEqual(['succeeded', 4000]);
      // Both calls used the intent's one capture key.
      expect(new Set(captures).size).toBe(1);
      expect(captures).toHaveLength(2);
    } finally {
      await own.close();
    }
  });
});
