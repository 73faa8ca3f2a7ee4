// POST /v1/subscriptions/:id/migrate: moves a classic subscription to flexible billing mode (the
// domain refuses the way back); later changes credit what was actually debited.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { migrateBillingMode, type BillingModeRequest } from '../../domain/subscriptions/billing-mode.ts';
import { updatedEvents } from '../../domain/subscriptions/subscription-decision.ts';
import { customerIdOf, loadSubscription, saveSubscription } from './subscription-store.ts';

export async function migrateSubscription(outer: ServiceContext, id: string, input: { billing_mode: BillingModeRequest }): Promise<Stripe.Subscription> {
  const before = await loadSubscription(outer.db, id, { forUpdate: true });
  const ctx = await contextForCustomer(outer, await loadCustomer(outer.db, customerIdOf(before)));
  const after = migrateBillingMode(before, input.billing_mode, ctx.clock.now());
  await saveSubscription(ctx.db, after);
  for (const e of updatedEvents(before, after)) await recordEvent(ctx, e.type, e.object, { previousAttributes: e.previous_attributes });
  return after;
}
