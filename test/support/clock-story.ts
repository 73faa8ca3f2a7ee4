// The steps of a subscription story on a test clock, for one test file's Recur: a customer on a
// clock from 2026-01-01, monthly plans, moving the clock, an invoice's lines, what a line credits.
import type Stripe from 'stripe';
import type { TestRecur } from './recur.ts';
import { DAY, JAN_1 } from './calendar.ts';
import { clockedCustomer, monthlyPlan } from './clocked-customer.ts';

/** Day 16 of January has passed: 15 of its 31 days remain (and 349 of the year's 365). */
export const JAN_17 = JAN_1 + 16 * DAY;

/** The invoice lines a proration line credits (flexible billing mode), or null. */
export const creditedOf = (l: Stripe.InvoiceLineItem) => l.parent?.subscription_item_details?.proration_details?.credited_items ?? null;

export function clockStory(r: TestRecur) {
  const clocked = () => clockedCustomer(r.stripe, JAN_1);
  const monthly = (amount: number) => monthlyPlan(r.stripe, amount);
  /** A customer on the clock paying $40.00 a month less a 25% coupon (`extra` adds subscription params), and a $60.00 plan to move to. */
  const fortyLessQuarter = async (duration: 'once' | 'forever', extra: Partial<Stripe.SubscriptionCreateParams> = {}) => {
    const { clock, customer } = await clocked();
    const [forty, sixty] = [await monthly(4000), await monthly(6000)];
    const coupon = await r.stripe.coupons.create({ percent_off: 25, duration });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: forty.id }], discounts: [{ coupon: coupon.id }], ...extra });
    return { clock, customer, sixty, sub };
  };
  return {
    clocked,
    monthly,
    fortyLessQuarter,
    advance: (clock: string, to: number) => r.stripe.testHelpers.testClocks.advance(clock, { frozen_time: to }),
    linesOf: async (invoice: string) => (await r.stripe.invoices.listLineItems(invoice)).data,
  };
}
