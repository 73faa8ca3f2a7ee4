import { describe, expect, it } from 'vitest';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfCustomer } from '../support/events.ts';

const r = recurForFile();

const count = async (table: string) => (await r.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;
const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

describe('payment methods through the official client', () => {
  it('creates a card from a raw number with Stripe-shaped card details', async () => {
    const pm = await r.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '123' },
      billing_details: { name: 'Ada', email: 'ada@example.com', address: { postal_code: '94107', country: 'US' } },
      metadata: { source: 'test' },
    });
    expect(pm.id).toMatch(/^pm_/);
    expect(pm.object).toBe('payment_method');
    expect(pm.type).toBe('card');
    expect(pm.customer).toBeNull();
    expect(pm.livemode).toBe(false);
    expect(pm.metadata).toEqual({ source: 'test' });
    expect(pm.billing_details).toEqual({
      address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null },
      email: 'ada@example.com',
      name: 'Ada',
      phone: null,
      tax_id: null,
    });
    expect(pm.card).toMatchObject({
      brand: 'visa',
      display_brand: 'visa',
      last4: '4242',
      exp_month: 12,
      exp_year: 2030,
      funding: 'credit',
      country: 'US',
      checks: { cvc_check: 'pass', address_postal_code_check: 'pass', address_line1_check: null },
      networks: { available: ['visa'], preferred: null },
      wallet: null,
    });
    expect(pm.card!.fingerprint).toMatch(/^[0-9A-Za-z]{16}$/);
    const again = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4242 4242 4242 4242', exp_month: 1, exp_year: 31 } });
    expect(again.card!.fingerprint).toBe(pm.card!.fingerprint);
    expect(again.card!.exp_year).toBe(2031);
    expect(await r.stripe.paymentMethods.retrieve(pm.id)).toEqual(pm);
  });

  it('recognizes brands of the test numbers', async () => {
    const cases: Array<[string, string, string]> = [
      ['5555555555554444', 'mastercard', '4444'],
      ['378282246310005', 'amex', '0005'],
      ['6011111111111117', 'discover', '1117'],
      ['4000056655665556', 'visa', '5556'],
      ['4111111111111111', 'visa', '1111'],
    ];
    for (const [number, brand, last4] of cases) {
      const pm = await r.stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 6, exp_year: 2029 } });
      expect(pm.card).toMatchObject({ brand, last4 });
    }
    const debit = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4000056655665556', exp_month: 6, exp_year: 2029 } });
    expect(debit.card!.funding).toBe('debit');
    const amex = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '378282246310005', exp_month: 6, exp_year: 2029 } });
    expect(amex.card!.display_brand).toBe('american_express');
  });

  it('creates from test tokens and materializes test payment method ids', async () => {
    const fromToken = await r.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_mastercard' } as any });
    expect(fromToken.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const visa = await r.stripe.paymentMethods.retrieve('pm_card_visa');
    expect(visa.id).toMatch(/^pm_[0-9A-Za-z]{24}$/);
    expect(visa.card).toMatchObject({ brand: 'visa', last4: '4242', exp_month: 1, exp_year: 2027 });
    const other = await r.stripe.paymentMethods.retrieve('pm_card_visa');
    expect(other.id).not.toBe(visa.id);
    expect(other.card!.fingerprint).toBe(visa.card!.fingerprint);
    await expectStripeError(r.stripe.paymentMethods.retrieve('pm_card_nope'), { status: 404, code: 'resource_missing' });
  });

  it('refuses bad card data with card errors naming the field, writing nothing', async () => {
    const before = await count('payment_methods');
    const card = (c: Record<string, unknown>) => r.stripe.paymentMethods.create({ type: 'card', card: c as any });
    await expectStripeError(card({ number: '4242424242424241', exp_month: 12, exp_year: 2030 }), {
      status: 402, type: 'card_error', code: 'incorrect_number', param: 'number',
    });
    await expectStripeError(card({ number: '42424242', exp_month: 12, exp_year: 2030 }), { status: 402, code: 'incorrect_number' });
    await expectStripeError(card({ number: '4242424242424242', exp_month: 12, exp_year: 2020 }), {
      status: 402, type: 'card_error', code: 'invalid_expiry_year', param: 'exp_year',
    });
    // 2026-01-01 is "now": December 2025 is past.
    await expectStripeError(card({ number: '4242424242424242', exp_month: 13, exp_year: 2030 }), { status: 402, code: 'invalid_expiry_month', param: 'exp_month' });
    await expectStripeError(card({ number: '4242424242424242', exp_month: 12, exp_year: 2030, cvc: '12' }), { status: 402, code: 'invalid_cvc', param: 'cvc' });
    await expectStripeError(card({ number: '4242424242424242', exp_year: 2030 }), { status: 400, code: 'parameter_missing', param: 'card[exp_month]' });
    await expectStripeError(card({ number: '4242424242424242', exp_month: 'x', exp_year: 2030 }), { status: 400, param: 'card[exp_month]' });
    await expectStripeError(card({ token: 'tok_visa', number: '4242424242424242' }), { status: 400, param: 'card[number]' });
    await expectStripeError(card({ token: 'tok_unknown' }), { status: 400, param: 'card[token]' });
    await expectStripeError(card({ number: '4242424242424242', exp_month: 1, exp_year: 2030, planet: 'x' }), { status: 400, code: 'parameter_unknown', param: 'card[planet]' });
    await expectStripeError(r.stripe.paymentMethods.create({ type: 'sepa_debit' as any }), { status: 400, param: 'type' });
    await expectStripeError(r.stripe.paymentMethods.create({ type: 'card' }), { status: 400, code: 'parameter_missing', param: 'card' });
    await expectStripeError(r.stripe.paymentMethods.retrieve('pm_missing'), { status: 404, code: 'resource_missing' });
    expect(await count('payment_methods')).toBe(before);
  });

  it('attaches, lists, retrieves through the customer, updates and detaches', async () => {
    const c = await r.stripe.customers.create({ email: 'pm@example.com' });
    const pm = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '5555555555554444', exp_month: 3, exp_year: 2030 } });
    const attached = await r.stripe.paymentMethods.attach(pm.id, { customer: c.id });
    expect(attached.customer).toBe(c.id);
    expect(attached.id).toBe(pm.id);
    const visa = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    expect(visa.id).toMatch(/^pm_/);
    expect(visa.id).not.toBe('pm_card_visa');
    expect(visa.customer).toBe(c.id);

    const list = await r.stripe.paymentMethods.list({ customer: c.id, type: 'card' });
    expect(list.data.map((p) => p.id)).toEqual([visa.id, pm.id]);
    const viaCustomer = await r.stripe.customers.listPaymentMethods(c.id, { limit: 1 });
    expect(viaCustomer.data.map((p) => p.id)).toEqual([visa.id]);
    expect(viaCustomer.has_more).toBe(true);
    const none = await r.stripe.customers.listPaymentMethods(c.id, { type: 'sepa_debit' });
    expect(none.data).toEqual([]);
    expect(await r.stripe.customers.retrievePaymentMethod(c.id, pm.id)).toEqual(attached);
    const expanded = await r.stripe.paymentMethods.retrieve(pm.id, { expand: ['customer'] });
    expect((expanded.customer as any).email).toBe('pm@example.com');

    const updated = await r.stripe.paymentMethods.update(pm.id, {
      billing_details: { name: 'Grace' },
      metadata: { k: 'v' },
      card: { exp_month: 4, exp_year: 2031 },
    });
    expect(updated.billing_details.name).toBe('Grace');
    expect(updated.metadata).toEqual({ k: 'v' });
    expect(updated.card).toMatchObject({ exp_month: 4, exp_year: 2031, last4: '4444' });
    await expectStripeError(r.stripe.paymentMethods.update(pm.id, { card: { exp_year: 2019 } }), { status: 402, code: 'invalid_expiry_year' });

    const detached = await r.stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).toBeNull();
    await expectStripeError(r.stripe.customers.retrievePaymentMethod(c.id, pm.id), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.paymentMethods.detach(pm.id), { status: 400, code: 'payment_method_unexpected_state' });
    await expectStripeError(r.stripe.paymentMethods.update(pm.id, { metadata: { a: 'b' } }), { status: 400 });

    expect(await eventTypes(c.id)).toEqual([
      'customer.created',
      'payment_method.attached',
      'payment_method.attached',
      'payment_method.updated',
      'payment_method.detached',
    ]);
    const ev = (await r.db.query(`SELECT data FROM events WHERE type = 'payment_method.detached' AND customer_id = $1`, [c.id]))[0].data;
    expect(ev.data.object.id).toBe(pm.id);
    expect(ev.data.previous_attributes).toEqual({ customer: c.id });
  });

  it('refuses attaching to a second customer and unknown ids', async () => {
    const a = await r.stripe.customers.create({});
    const b = await r.stripe.customers.create({});
    const pm = await r.stripe.paymentMethods.attach('pm_card_amex', { customer: a.id });
    expect(pm.card!.brand).toBe('amex');
    const same = await r.stripe.paymentMethods.attach(pm.id, { customer: a.id });
    expect(same.customer).toBe(a.id);
    await expectStripeError(r.stripe.paymentMethods.attach(pm.id, { customer: b.id }), { status: 400, type: 'invalid_request_error' });
    await expectStripeError(r.stripe.paymentMethods.attach('pm_missing', { customer: a.id }), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' }), { status: 404, param: 'customer' });
    await expectStripeError(r.stripe.paymentMethods.attach('pm_card_visa', {} as any), { status: 400, code: 'parameter_missing', param: 'customer' });
    await expectStripeError(r.stripe.paymentMethods.list({ customer: 'cus_missing' }), { status: 404, param: 'customer' });
    await expectStripeError(r.stripe.customers.listPaymentMethods('cus_missing'), { status: 404 });
  });

  it('declines cards at attach as Stripe does, and attaches chargeCustomerFail', async () => {
    const c = await r.stripe.customers.create({});
    const before = await count('payment_methods');
    const cases: Array<[string, string, string]> = [
      ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
      ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline'],
      ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
      ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
      ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
      ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
      ['pm_card_chargeDeclinedProcessingError', 'processing_error', 'processing_error'],
    ];
    for (const [id, code, decline] of cases) {
      const e = await expectStripeError(r.stripe.paymentMethods.attach(id, { customer: c.id }), { status: 402, type: 'card_error', code });
      expect(e.decline_code).toBe(decline);
    }
    expect(await count('payment_methods')).toBe(before);
    const raw = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000009995', exp_month: 1, exp_year: 2030 } });
    await expectStripeError(r.stripe.paymentMethods.attach(raw.id, { customer: c.id }), { status: 402, code: 'card_declined' });
    expect((await r.stripe.paymentMethods.retrieve(raw.id)).customer).toBeNull();

    const fails = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: c.id });
    expect(fails.card!.last4).toBe('0341');
    const rawFails = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000341', exp_month: 1, exp_year: 2030 } });
    expect((await r.stripe.paymentMethods.attach(rawFails.id, { customer: c.id })).customer).toBe(c.id);
    const tokFails = await r.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeCustomerFail' } as any });
    expect(tokFails.card!.fingerprint).toBe(fails.card!.fingerprint);
  });

  it('creates customers with a test payment method as their default', async () => {
    const c = await r.stripe.customers.create({
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const pmId = c.invoice_settings.default_payment_method as string;
    expect(pmId).toMatch(/^pm_[0-9A-Za-z]{24}$/);
    const pms = await r.stripe.customers.listPaymentMethods(c.id);
    expect(pms.data.map((p) => p.id)).toEqual([pmId]);
    expect(await eventTypes(c.id)).toEqual(['payment_method.attached', 'customer.created']);

    const plain = await r.stripe.customers.create({ payment_method: 'pm_card_mastercard' });
    expect(plain.invoice_settings.default_payment_method).toBeNull();
    expect((await r.stripe.customers.listPaymentMethods(plain.id)).data[0].card!.brand).toBe('mastercard');

    const viaDefault = await r.stripe.customers.create({ invoice_settings: { default_payment_method: 'pm_card_amex' } });
    expect(viaDefault.invoice_settings.default_payment_method).toMatch(/^pm_/);

    // Detaching the default unsets it, with a customer.updated event.
    await r.stripe.paymentMethods.detach(pmId);
    const after = await r.stripe.customers.retrieve(c.id);
    expect((after as any).invoice_settings.default_payment_method).toBeNull();
    expect((await eventTypes(c.id)).slice(-2)).toEqual(['payment_method.detached', 'customer.updated']);
  });

  it('rolls back customer creation when its payment method is declined or unknown', async () => {
    const before = await count('customers');
    await expectStripeError(r.stripe.customers.create({ email: 'x@example.com', payment_method: 'pm_card_chargeDeclined' }), {
      status: 402, type: 'card_error', code: 'card_declined',
    });
    await expectStripeError(r.stripe.customers.create({ payment_method: 'pm_nope' }), { status: 400, code: 'resource_missing', param: 'payment_method' });
    const taken = await r.stripe.customers.create({ payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.customers.listPaymentMethods(taken.id)).data[0];
    await expectStripeError(r.stripe.customers.create({ invoice_settings: { default_payment_method: pm.id } }), {
      status: 400, param: 'invoice_settings[default_payment_method]',
    });
    expect(await count('customers')).toBe(before + 1);
  });

  it('attaches at a test clock customer\'s time', async () => {
    const t = 1_900_000_000;
    const data = { id: 'clock_pm', object: 'test_helpers.test_clock', created: t, frozen_time: t, status: 'ready', livemode: false, name: null };
    await r.db.query(`INSERT INTO test_clocks (id, created, data) VALUES ('clock_pm', $1, $2)`, [t, JSON.stringify(data)]);
    const c = await r.stripe.customers.create({ test_clock: 'clock_pm' });
    const pm = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: c.id });
    expect(pm.created).toBe(1900000000);
    const ev = (await r.db.query(`SELECT created FROM events WHERE type = 'payment_method.attached' AND customer_id = $1`, [c.id]))[0];
    expect(Number(ev.created)).toBe(1900000000);
  });
});
