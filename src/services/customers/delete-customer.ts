// Deletes a customer: the row stays (marked deleted) so ids keep resolving as Stripe's deleted stubs.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../api/route.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from './customer-store.ts';

/** Hooks later layers register to run inside the deletion (e.g. cancel the customer's subscriptions). */
export const onCustomerDeleted: Array<(ctx: ServiceContext, customer: Stripe.Customer) => Promise<void>> = [];

export async function deleteCustomer(ctx: ServiceContext, id: string): Promise<Stripe.DeletedCustomer> {
  const customer = await loadCustomer(ctx.db, id, { forUpdate: true });
  for (const hook of onCustomerDeleted) await hook(ctx, customer);
  await ctx.db.query('UPDATE customers SET deleted = true WHERE id = $1', [id]);
  await recordEvent(ctx, 'customer.deleted', customer);
  return { id, object: 'customer', deleted: true };
}
