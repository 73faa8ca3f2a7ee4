// SetupIntents through the official client: saving a card to a customer, confirm later, a declined
// card, confirming twice, another customer's card, cancel, list.
import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfCustomer } from '../support/events.ts';

const r = recurForFile();

const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

describe('setup intents', () => {
  it('confirming saves the card to the customer; confirming again is refused', async () => {
    const customer = await r.stripe.customers.create({ email: 'seti@example.com' });
    const si = await r.stripe.setupIntents.create({ customer: customer.id, usage: 'off_session', allowed_payment_method_types: ['card'], metadata: { flow: 'signup' } });
    expect(si).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method', usage: 'off_session', customer: customer.id, payment_method: null, metadata: { flow: 'signup' }, payment_method_types: ['card'] });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const done = await r.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' });
    expect(done.status).toBe('succeeded');
    const pm = await r.stripe.paymentMethods.retrieve(done.payment_method as string);
    expect([pm.customer, pm.card?.last4]).toEqual([customer.id, '4242']);
    expect((await r.stripe.customers.listPaymentMethods(customer.id)).data.map((x) => x.id)).toEqual([pm.id]);

    const twice = await expectStripeError(r.stripe.setupIntents.confirm(si.id), { status: 400, type: 'invalid_request_error' });
    expect(twice.code).toBe('setup_intent_unexpected_state');
    await expectStripeError(r.stripe.setupIntents.cancel(si.id), { status: 400 });
    expect(await r.stripe.setupIntents.retrieve(si.id)).toEqual(done);
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('setup_intent.') || t === 'payment_method.attached')).toEqual([
      'setup_intent.created',
      'payment_method.attached',
      'setup_intent.succeeded',
    ]);
  });

  it('create with confirm; on_session usage; a declined card is not saved', async () => {
    const customer = await r.stripe.customers.create({ email: 'seti2@example.com' });
    const si = await r.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_mastercard', usage: 'on_session', confirm: true });
    expect([si.status, si.usage]).toEqual(['succeeded', 'on_session']);
    const declined = await expectStripeError(r.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }), {
      status: 402,
      type: 'card_error',
    });
    expect([declined.code, declined.decline_code]).toEqual(['card_declined', 'generic_decline']);
    const failed = (declined.raw as any).setup_intent;
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'card_declined', decline_code: 'generic_decline' } });
    expect((await r.stripe.setupIntents.retrieve(failed.id)).status).toBe('requires_payment_method');
    expect((await r.stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(1);
    // A new card on the same intent succeeds.
    expect((await r.stripe.setupIntents.confirm(failed.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
    expect((await r.stripe.customers.listPaymentMethods(customer.id)).data).toHaveLength(2);
  });

  it("refuses another customer's payment method, changing nothing; cancel and list", async () => {
    const a = await r.stripe.customers.create({ email: 'a@example.com' });
    const b = await r.stripe.customers.create({ email: 'b@example.com' });
    const pmA = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    await expectStripeError(r.stripe.setupIntents.create({ customer: b.id, payment_method: pmA.id, confirm: true }), { status: 400, param: 'payment_method' });
    const si = await r.stripe.setupIntents.create({ customer: b.id });
    await expectStripeError(r.stripe.setupIntents.confirm(si.id, { payment_method: pmA.id }), { status: 400, param: 'payment_method' });
    expect((await r.stripe.setupIntents.retrieve(si.id)).status).toBe('requires_payment_method');
    expect((await r.stripe.paymentMethods.retrieve(pmA.id)).customer).toBe(a.id);
    const canceled = await r.stripe.setupIntents.cancel(si.id, { cancellation_reason: 'abandoned' });
    expect([canceled.status, canceled.cancellation_reason]).toEqual(['canceled', 'abandoned']);
    await expectStripeError(r.stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' }), { status: 400 });
    expect((await r.stripe.setupIntents.list({ customer: b.id })).data.map((x) => x.id)).toEqual([si.id]);
    await expectStripeError(r.stripe.setupIntents.retrieve('seti_missing'), { status: 404 });
  });
});
