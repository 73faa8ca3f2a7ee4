// Pending updates (payment_behavior=pending_if_incomplete) through the official client: a change
// whose invoice is not paid leaves the subscription as it was and holds the change for 23 hours;
// paying the invoice applies it; letting it expire drops it and voids the invoice.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';
import { DAY, JAN_1 } from '../support/subscription-fixtures.ts';

const r = recurForFile();

const HOUR = 3600;
const eventTypes = async (id: string) => (await r.db.query('SELECT type FROM events WHERE object_id = $1 ORDER BY seq', [id])).map((e) => e.type as string);

/** A $10 monthly subscription whose customer's card then starts to decline, at day 10. */
async function decliningSubscription() {
  const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
  const [ten, thirty] = [await monthlyPlan(r.stripe, 1000), await monthlyPlan(r.stripe, 3100)];
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: ten.id }] });
  await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * DAY });
  const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  return { clock, customer, sub, ten, thirty };
}

const upgrade = (sub: Stripe.Subscription, price: string) =>
  r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price }], payment_behavior: 'pending_if_incomplete', expand: ['latest_invoice'] });

describe('pending updates', () => {
  it('an unpaid change is held; paying its invoice applies it', async () => {
    const { customer, sub, ten, thirty } = await decliningSubscription();
    const held = await upgrade(sub, thirty.id);
    expect(held.status).toBe('active');
    expect(held.items.data.map((i) => i.price.id)).toEqual([ten.id]);
    expect(held.pending_update).toMatchObject({ expires_at: JAN_1 + 10 * DAY + 23 * HOUR });
    expect(held.pending_update!.subscription_items!.map((i) => i.price.id)).toEqual([thirty.id]);
    const invoice = held.latest_invoice as Stripe.Invoice;
    // 21 of January's 31 days left: 3100 × 21/31 − 1000 × 21/31 = 2100 − 677 = 1423
    expect(invoice).toMatchObject({ status: 'open', billing_reason: 'subscription_update', amount_due: 1423 });

    const visa = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await r.stripe.invoices.pay(invoice.id, { payment_method: visa.id });
    const applied = await r.stripe.subscriptions.retrieve(sub.id);
    expect(applied.pending_update).toBeNull();
    expect(applied.status).toBe('active');
    expect(applied.items.data.map((i) => i.price.id)).toEqual([thirty.id]);
    expect(await eventTypes(sub.id)).toContain('customer.subscription.pending_update_applied');
  });

  it('an unpaid change expires after 23 hours: dropped, its invoice voided', async () => {
    const { clock, sub, ten, thirty } = await decliningSubscription();
    const held = await upgrade(sub, thirty.id);
    const invoice = held.latest_invoice as Stripe.Invoice;
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 11 * DAY });
    const expired = await r.stripe.subscriptions.retrieve(sub.id);
    expect(expired.pending_update).toBeNull();
    expect(expired.items.data.map((i) => i.price.id)).toEqual([ten.id]);
    expect((await r.stripe.invoices.retrieve(invoice.id)).status).toBe('void');
    expect(await eventTypes(sub.id)).toContain('customer.subscription.pending_update_expired');
  });

  it('a paid change applies at once; other parameters are refused', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const [ten, thirty] = [await monthlyPlan(r.stripe, 1000), await monthlyPlan(r.stripe, 3100)];
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: ten.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * DAY });
    const done = await upgrade(sub, thirty.id);
    expect(done.pending_update).toBeNull();
    expect(done.items.data.map((i) => i.price.id)).toEqual([thirty.id]);
    expect((done.latest_invoice as Stripe.Invoice).status).toBe('paid');
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { metadata: { a: 'b' }, payment_behavior: 'pending_if_incomplete' }), { status: 400, param: 'metadata' });
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: ten.id }], proration_behavior: 'none', payment_behavior: 'pending_if_incomplete' }), { status: 400, param: 'proration_behavior' });
  });
});
