// The instant to record a customer's payment changes at: its test clock's time, if it has one.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import { testClockTime } from '../store/customer-clock.ts';

export async function customerNow(ctx: Pick<ServiceContext, 'db' | 'clock'>, customer: Pick<Stripe.Customer, 'test_clock'> | null): Promise<number> {
  const clockId = typeof customer?.test_clock === 'string' ? customer.test_clock : customer?.test_clock?.id;
  return (await testClockTime(ctx.db, clockId)) ?? ctx.clock.now();
}
