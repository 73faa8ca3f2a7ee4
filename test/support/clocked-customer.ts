// A customer on its own test clock with a default card, for subscription stories.
import type Stripe from 'stripe';

/** The customer's card (a test payment method such as pm_card_visa) is its default for invoices. */
export async function clockedCustomer(stripe: Stripe, frozen: number, card = 'pm_card_visa'): Promise<{ clock: Stripe.TestHelpers.TestClock; customer: Stripe.Customer; pm: Stripe.PaymentMethod }> {
  const clock = await stripe.testHelpers.testClocks.create({ frozen_time: frozen });
  const customer = await stripe.customers.create({ email: 'story@example.com', test_clock: clock.id, payment_method: card });
  const pm = (await stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  return { clock, customer, pm };
}

/** A monthly price of `amount` on a product of its own, named "Plan <amount>"; `extra` adds or overrides params. */
export const monthlyPlan = (stripe: Stripe, amount: number, extra: Partial<Stripe.PriceCreateParams> = {}) =>
  stripe.prices.create({ currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: `Plan ${amount}` }, ...extra } as Stripe.PriceCreateParams);
