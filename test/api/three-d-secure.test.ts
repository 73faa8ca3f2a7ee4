// 3-D Secure through the official client and Recur's authentication page: a payment intent that
// requires action, completed or failed on the page; the first invoice of a subscription
// (allow_incomplete and default_incomplete) and a renewal; a SetupIntent; the optional card.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { FEB_1, JAN_1 } from '../support/calendar.ts';
import { eventTypesOfCustomer } from '../support/events.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';

const r = recurForFile();

const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);
const invoicesOf = async (subscription: string) => (await r.stripe.invoices.list({ subscription, limit: 100 })).data.reverse();
const monthly = (amount: number) => monthlyPlan(r.stripe, amount);

/** The page path the intent's next_action names. */
function pagePath(intent: { id: string; next_action: Stripe.PaymentIntent.NextAction | Stripe.SetupIntent.NextAction | null }): string {
  expect(intent.next_action?.type).toBe('redirect_to_url');
  const url = new URL(intent.next_action!.redirect_to_url!.url!);
  expect(url.pathname).toBe(`/recur/3ds/${intent.id}`);
  return url.pathname;
}

/** The customer presses a button on the page. */
async function press(path: string, answer: 'complete' | 'fail') {
  const res = await fetch(`${r.url}${path}/${answer}`, { method: 'POST', redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

/** The intent of an invoice's latest payment. */
async function intentOf(invoiceId: string): Promise<Stripe.PaymentIntent> {
  const inv = await r.stripe.invoices.retrieve(invoiceId, { expand: ['payments'] });
  const payment = inv.payments!.data.at(-1)!;
  return r.stripe.paymentIntents.retrieve(payment.payment!.payment_intent as string);
}

describe('3-D Secure', () => {
  it('a payment intent requires action; the page completes it and the charge succeeds', async () => {
    const customer = await r.stripe.customers.create({ email: '3ds@example.com' });
    const pi = await r.stripe.paymentIntents.create({
      amount: 2500,
      currency: 'usd',
      customer: customer.id,
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'https://shop.example/back',
    });
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action?.redirect_to_url?.return_url).toBe('https://shop.example/back');
    const path = pagePath(pi);
    const page = await fetch(r.url + path);
    const html = await page.text();
    expect([page.status, html.includes('Complete'), html.includes('Fail'), html.includes('$25.00')]).toEqual([200, true, true, true]);

    expect(await press(path, 'complete')).toBe('https://shop.example/back');
    const done = await r.stripe.paymentIntents.retrieve(pi.id);
    expect([done.status, done.amount_received, done.next_action]).toEqual(['succeeded', 2500, null]);
    const charge = await r.stripe.charges.retrieve(done.latest_charge as string);
    expect([charge.status, charge.amount, charge.paid]).toEqual(['succeeded', 2500, true]);
    // Pressing again finds nothing waiting.
    expect((await fetch(`${r.url}${path}/complete`, { method: 'POST', redirect: 'manual' })).status).toBe(400);
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('payment_intent.'))).toEqual([
      'payment_intent.created',
      'payment_intent.requires_action',
      'payment_intent.succeeded',
    ]);
  });

  it('failing the authentication leaves the intent requires_payment_method with last_payment_error', async () => {
    const pm = await r.stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_threeDSecure2Required' } } as Stripe.PaymentMethodCreateParams);
    const pi = await r.stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: pm.id, confirm: true });
    expect(pi.status).toBe('requires_action');
    await press(pagePath(pi), 'fail');
    const failed = await r.stripe.paymentIntents.retrieve(pi.id);
    expect([failed.status, failed.last_payment_error?.code, failed.next_action]).toEqual(['requires_payment_method', 'payment_intent_authentication_failure', null]);
    // The card number itself requires authentication too; the optional card does not.
    const byNumber = await r.stripe.paymentMethods.create({ type: 'card', card: { number: '4000002760003184', exp_month: 12, exp_year: 2030, cvc: '123' } });
    expect((await r.stripe.paymentIntents.confirm(pi.id, { payment_method: byNumber.id })).status).toBe('requires_action');
    const optional = await r.stripe.paymentIntents.create({ amount: 900, currency: 'usd', payment_method: 'pm_card_threeDSecureOptional', confirm: true });
    expect(optional.status).toBe('succeeded');
  });

  it("a subscription's first invoice: invoice.payment_action_required, incomplete, then active once authenticated", async () => {
    const { customer } = await clockedCustomer(r.stripe, JAN_1, 'pm_card_threeDSecure2Required');
    const price = await monthly(3000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    expect(sub.status).toBe('incomplete');
    const [first] = await invoicesOf(sub.id);
    expect(first.status).toBe('open');
    const pi = await intentOf(first.id);
    expect(pi.status).toBe('requires_action');
    expect(await eventTypes(customer.id)).toContain('invoice.payment_action_required');
    await press(pagePath(pi), 'complete');
    expect((await r.stripe.invoices.retrieve(first.id)).status).toBe('paid');
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('default_incomplete: paying the invoice requires action; completing it activates the subscription', async () => {
    const { customer } = await clockedCustomer(r.stripe, JAN_1, 'pm_card_threeDSecure2Required');
    const price = await monthly(1500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete' });
    expect(sub.status).toBe('incomplete');
    const [first] = await invoicesOf(sub.id);
    expect(first.attempt_count).toBe(0);
    // Stripe's answer: 402, card_error invoice_payment_intent_requires_action, with the intent to complete.
    const err = await expectStripeError(r.stripe.invoices.pay(first.id), { status: 402, type: 'card_error', code: 'invoice_payment_intent_requires_action' });
    expect(err.message).toContain('requires additional user action');
    const pi = await intentOf(first.id);
    expect(pi.status).toBe('requires_action');
    expect(err.raw.payment_intent).toMatchObject({ id: pi.id, status: 'requires_action', next_action: { type: 'redirect_to_url' } });
    // Paying again while the customer has not authenticated answers the same.
    await expectStripeError(r.stripe.invoices.pay(first.id), { status: 402, code: 'invoice_payment_intent_requires_action' });
    await press(pagePath(pi), 'complete');
    expect((await r.stripe.invoices.retrieve(first.id)).status).toBe('paid');
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('a renewal on a card that requires authentication goes past_due until the customer authenticates', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await monthly(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const card = await r.stripe.paymentMethods.attach('pm_card_threeDSecure2Required', { customer: customer.id });
    await r.stripe.subscriptions.update(sub.id, { default_payment_method: card.id });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const [, renewal] = await invoicesOf(sub.id);
    expect(renewal.status).toBe('open');
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    const types = await eventTypes(customer.id);
    expect(types.filter((t) => t === 'invoice.payment_action_required')).toHaveLength(1);
    const pi = await intentOf(renewal.id);
    expect(pi.status).toBe('requires_action');
    await press(pagePath(pi), 'complete');
    const paid = await r.stripe.invoices.retrieve(renewal.id);
    expect([paid.status, paid.amount_paid]).toEqual(['paid', 2000]);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('a SetupIntent for a card that requires authentication saves it once authenticated', async () => {
    const customer = await r.stripe.customers.create({ email: 'seti3ds@example.com' });
    const si = await r.stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true });
    expect(si.status).toBe('requires_action');
    await press(pagePath(si), 'complete');
    const done = await r.stripe.setupIntents.retrieve(si.id);
    expect(done.status).toBe('succeeded');
    expect((await r.stripe.paymentMethods.retrieve(done.payment_method as string)).customer).toBe(customer.id);
  });
});
