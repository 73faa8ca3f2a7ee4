// Resumes a paused subscription (POST /v1/subscriptions/:id/resume): it becomes active again and,
// with billing_cycle_anchor `now` (the default and, in Recur, the only choice), starts a new billing
// period now that is invoiced and charged at once, like any reset of the anchor.
// customer.subscription.resumed records the subscription as it came out.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { withStatus } from '../../domain/subscriptions/subscription-status.ts';
import { loadSubscription, saveSubscription } from './subscription-store.ts';
import { applySubscriptionUpdate } from './update-subscription.ts';
import type { ProrationBehavior } from './update-subscription.ts';

export interface ResumeSubscriptionInput {
  proration_behavior?: ProrationBehavior;
}

export async function resumeSubscription(ctx: ServiceContext, id: string, input: ResumeSubscriptionInput): Promise<Stripe.Subscription> {
  const paused = await loadSubscription(ctx.db, id, { forUpdate: true });
  if (paused.status !== 'paused')
    throw invalidRequest(`The subscription ${id} is ${paused.status}; only a paused subscription can be resumed.`);
  const { status_details: _paused, ...rest } = withStatus(paused, 'active') as Stripe.Subscription & { status_details?: unknown };
  const resumed = rest as Stripe.Subscription;
  await saveSubscription(ctx.db, resumed);
  const { subscription } = await applySubscriptionUpdate(ctx, id, {
    billing_cycle_anchor: 'now',
    proration_behavior: input.proration_behavior ?? 'create_prorations',
  });
  await recordEvent(ctx, 'customer.subscription.resumed', subscription, { previousAttributes: { status: 'paused' } });
  return subscription;
}
