// payment_behavior=error_if_incomplete on a change of an existing subscription: when the change's
// invoice is declined the answer is a 402 and, as Stripe does, the subscription stays as it was; the
// change's invoice is voided and no money moved.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, JAN_1 } from '../support/calendar.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';

const JAN_16 = JAN_1 + 15 * DAY;

const r = recurForFile();

/** A paid $10 monthly subscription from Jan 1 whose card then starts to decline, on Jan 16. */
async function subscriptionWithFailingCard() {
  const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
  const basic = await monthlyPlan(r.stripe, 1000);
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
  expect(sub.status).toBe('active');
  const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
  // Advancing answers once the clock has run everything due on the way: it is ready.
  expect((await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_16 })).status).toBe('ready');
  return { customer, sub, basic };
}

const succeededCharges = async (customer: string) =>
  (await r.db.query(`SELECT count(*)::int AS n FROM charges WHERE data->>'customer' = $1 AND data->>'status' = 'succeeded'`, [customer]))[0].n as number;

describe('error_if_incomplete on an update', () => {
  it('an upgrade whose proration is declined answers 402 and leaves the subscription on its plan', async () => {
    const { customer, sub } = await subscriptionWithFailingCard();
    const pro = await monthlyPlan(r.stripe, 3000);
    const charged = await succeededCharges(customer.id);
    const e = await expectStripeError(
      r.stripe.subscriptions.update(sub.id, {
        items: [{ id: sub.items.data[0].id, price: pro.id }],
        proration_behavior: 'always_invoice',
        payment_behavior: 'error_if_incomplete',
      }),
      { status: 402, type: 'card_error' },
    );
    expect(e.code).toBe('card_declined');

    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.items.data.map((i) => [i.id, i.price.id])).toEqual([[sub.items.data[0].id, sub.items.data[0].price.id]]);
    expect(after.latest_invoice).toBe(sub.latest_invoice);

    const invoices = (await r.stripe.invoices.list({ subscription: sub.id, limit: 10 })).data;
    const proration = invoices.find((i) => i.billing_reason === 'subscription_update')!;
    expect(proration.status).toBe('void');
    expect(proration.total).toBe(1548 - 516); // 16 of January's 31 days on $30, less the same on $10
    expect(await succeededCharges(customer.id)).toBe(charged);
    expect((await r.stripe.customers.retrieve(customer.id) as Stripe.Customer).balance).toBe(0);
    // The change and its undoing are both told: the last update puts the old price back.
    const updates = (await r.stripe.events.list({ type: 'customer.subscription.updated', limit: 100 })).data.filter((ev) => (ev.data.object as Stripe.Subscription).id === sub.id);
    const [undone, changed] = updates;
    expect((changed.data.object as Stripe.Subscription).items.data[0].price.id).toBe(pro.id);
    expect((undone.data.object as Stripe.Subscription).items.data[0].price.id).toBe(sub.items.data[0].price.id);
    expect(((undone.data.previous_attributes as any).items.data as Stripe.SubscriptionItem[])[0].price.id).toBe(pro.id);
    expect((await r.stripe.events.list({ type: 'invoice.voided', limit: 100 })).data.map((ev) => (ev.data.object as Stripe.Invoice).id)).toContain(proration.id);
  });

  it('adding an item whose proration is declined answers 402 and adds nothing', async () => {
    const { customer, sub } = await subscriptionWithFailingCard();
    const seats = await monthlyPlan(r.stripe, 2000);
    await expectStripeError(
      r.stripe.subscriptionItems.create({ subscription: sub.id, price: seats.id, proration_behavior: 'always_invoice', payment_behavior: 'error_if_incomplete' }),
      { status: 402, type: 'card_error' },
    );
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data.map((i) => i.id)).toEqual([sub.items.data[0].id]);
    expect(after.status).toBe('active');
    // The item's proration invoice (16 of January's 31 days of $20) is voided; only the first $10 was paid.
    const invoices = (await r.stripe.invoices.list({ customer: customer.id })).data;
    expect(invoices.map((i) => [i.status, i.amount_due, i.amount_paid])).toEqual([
      ['void', 1032, 0],
      ['paid', 1000, 1000],
    ]);
    expect(await succeededCharges(customer.id)).toBe(1);
  });

  it('allow_incomplete keeps the change and leaves its invoice open', async () => {
    const { sub } = await subscriptionWithFailingCard();
    const pro = await monthlyPlan(r.stripe, 3000);
    const updated = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: pro.id }],
      proration_behavior: 'always_invoice',
      payment_behavior: 'allow_incomplete',
      expand: ['latest_invoice'],
    });
    expect(updated.items.data[0].price.id).toBe(pro.id);
    expect((updated.latest_invoice as Stripe.Invoice).status).toBe('open');
  });
});
