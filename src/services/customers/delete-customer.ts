// Deletes a customer: the row stays (marked deleted) so ids keep resolving as Stripe's deleted stubs.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { markDeleted } from '../../store/objects.ts';
import { deleteTaxIdsOf } from '../../store/tax-id-store.ts';

export async function deleteCustomer(ctx: ServiceContext, id: string): Promise<Stripe.DeletedCustomer> {
  const customer = await loadCustomer(ctx.db, id, { forUpdate: true });
  // Other parts of billing react inside the deletion (subscriptions are canceled).
  for (const hook of ctx.hooks.customerDeleted) await hook(ctx, customer);
  await markDeleted(ctx.db, 'customers', [id]);
  // Its tax ids go with it (Stripe's deleted customer keeps none).
  await deleteTaxIdsOf(ctx.db, id);
  await recordEvent(ctx, 'customer.deleted', customer);
  return { id, object: 'customer', deleted: true };
}
