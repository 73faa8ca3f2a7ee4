// The events of collection that no other story asserts, each where it happens: refund.updated
// (metadata changed, a pending refund canceled), the SetupIntent's lifecycle (created,
// requires_action, setup_failed, succeeded, canceled) and a 3-D Secure PaymentIntent that is
// abandoned (requires_action, then canceled). Events are read from the event log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

/** The events about one object, oldest first: [type, what the event says about it]. */
async function eventsAbout(id: string): Promise<Stripe.Event[]> {
  const rows = await r.db.query(`SELECT data FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [id]);
  return rows.map((row) => row.data as Stripe.Event);
}
const typesAbout = async (id: string) => (await eventsAbout(id)).map((e) => e.type);

async function paidCharge(amount: number, card = 'pm_card_visa') {
  const customer = await r.stripe.customers.create({ email: 'events@example.com' });
  const pi = await r.stripe.paymentIntents.create({ amount, currency: 'usd', customer: customer.id, payment_method: card, confirm: true });
  return pi.latest_charge as string;
}

describe('collection events', () => {
  it('refund.updated: when its metadata changes and when a pending refund is canceled', async () => {
    const refund = await r.stripe.refunds.create({ charge: await paidCharge(1000), amount: 400, metadata: { ticket: 'T-1' } });
    await r.stripe.refunds.update(refund.id, { metadata: { ticket: 'T-2' } });
    const events = await eventsAbout(refund.id);
    expect(events.map((e) => e.type)).toEqual(['refund.created', 'refund.updated']);
    expect(events[1].data.previous_attributes).toEqual({ metadata: { ticket: 'T-1' } });
    expect((events[1].data.object as Stripe.Refund).metadata).toEqual({ ticket: 'T-2' });

    const pending = await r.stripe.refunds.create({ charge: await paidCharge(3000, 'pm_card_refundPending'), amount: 1000 });
    expect(pending.status).toBe('pending');
    await r.stripe.refunds.cancel(pending.id);
    const later = await eventsAbout(pending.id);
    expect(later.map((e) => e.type)).toEqual(['refund.created', 'refund.updated']);
    expect(later[1].data.previous_attributes).toEqual({ status: 'pending' });
    expect((later[1].data.object as Stripe.Refund).status).toBe('canceled');
  });

  it('setup_intent.created, requires_action, setup_failed, succeeded and canceled', async () => {
    const customer = await r.stripe.customers.create({ email: 'seti-events@example.com' });
    // A card that needs 3-D Secure waits for the customer.
    const waiting = await r.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    expect(waiting.status).toBe('requires_action');
    // A declined card fails the setup; a good card on the same intent succeeds.
    const declined = await expectStripeError(r.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }), { status: 402 });
    const failedId = (declined.raw as any).setup_intent.id as string;
    await r.stripe.setupIntents.confirm(failedId, { payment_method: 'pm_card_visa' });
    // An intent never confirmed is canceled.
    const unused = await r.stripe.setupIntents.create({ customer: customer.id });
    await r.stripe.setupIntents.cancel(unused.id, { cancellation_reason: 'abandoned' });

    expect(await typesAbout(waiting.id)).toEqual(['setup_intent.created', 'setup_intent.requires_action']);
    expect(await typesAbout(failedId)).toEqual(['setup_intent.created', 'setup_intent.setup_failed', 'setup_intent.succeeded']);
    const failedEvent = (await eventsAbout(failedId))[1].data.object as Stripe.SetupIntent;
    expect(failedEvent.last_setup_error).toMatchObject({ code: 'card_declined', decline_code: 'generic_decline' });
    const canceled = await eventsAbout(unused.id);
    expect(canceled.map((e) => e.type)).toEqual(['setup_intent.created', 'setup_intent.canceled']);
    expect(canceled[1].data.object).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
  });

  it('payment_intent.requires_action, then payment_intent.canceled when the customer never authenticates', async () => {
    const customer = await r.stripe.customers.create({ email: 'pi-events@example.com' });
    const pi = await r.stripe.paymentIntents.create({ amount: 2500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    expect(pi.status).toBe('requires_action');
    const canceled = await r.stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
    expect([canceled.status, canceled.cancellation_reason, canceled.next_action]).toEqual(['canceled', 'abandoned', null]);
    expect(await typesAbout(pi.id)).toEqual(['payment_intent.created', 'payment_intent.requires_action', 'payment_intent.canceled']);
  });
});
