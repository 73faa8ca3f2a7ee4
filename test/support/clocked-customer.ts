// A customer on its own test clock with a default card, for subscription stories.
import type Stripe from 'stripe';

export async function clockedCustomer(stripe: Stripe, frozen: number, card = 'pm_card_visa'): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
  const customer = await stripe.customers.create({ email: 'story@example.com', test_clock: clock.id, payment_method: card });
  const pm = (await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { clock, customer };
}

/** A monthly price of `amount` on a product of its own, named "Plan <amount>". */
export const monthlyPlan = (stripe: Stripe, amount: number) =>
  stripe.prices.create({ currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: `Plan ${amount}` } });
