// How a subscription follows its invoices and its customer: a paid latest invoice makes it active,
// a failed payment makes a renewal past_due (the first invoice leaves it incomplete), and deleting
// the customer cancels its subscriptions. The composition root adds these to the context's hooks.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { subscriptionIdOf } from '../invoices/invoice-store.ts';
import { loadSubscription, saveSubscription, liveSubscriptionIds } from './subscription-store.ts';
import { canMove, withStatus } from './subscription-status.ts';
import { cancelSubscription } from './cancel-subscription.ts';

/** Subscriptions being created in this process: their first invoice's outcome is decided by create. */
export const creating = new Set<string>();

async function followInvoice(ctx: ServiceContext, invoice: Stripe.Invoice, outcome: 'paid' | 'failed'): Promise<void> {
  const subId = subscriptionIdOf(invoice);
  if (!subId || creating.has(subId)) return;
  const sub = await loadSubscription(ctx.db, subId, { forUpdate: true });
  if (sub.latest_invoice !== invoice.id) return;
  const now = ctx.clock.now();
  let to: Stripe.Subscription['status'] | null = null;
  if (outcome === 'paid') {
    if (['incomplete', 'past_due', 'unpaid'].includes(sub.status)) to = 'active';
    if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end <= now) to = 'active';
  } else if (sub.status === 'active' && invoice.billing_reason !== 'subscription_create') {
    to = 'past_due';
  }
  if (to === null || !canMove(sub, to as any)) return;
  const after = withStatus(sub, to as any);
  await saveSubscription(ctx.db, after);
  await recordEvent(ctx, 'customer.subscription.updated', after, { previousAttributes: { status: sub.status } });
}

export function addSubscriptionHooks(hooks: BillingHooks): void {
  hooks.invoicePaid.push((ctx, invoice) => followInvoice(ctx, invoice, 'paid'));
  hooks.invoicePaymentFailed.push((ctx, invoice) => followInvoice(ctx, invoice, 'failed'));
  hooks.customerDeleted.push(async (ctx, customer) => {
    for (const id of await liveSubscriptionIds(ctx.db, customer.id)) await cancelSubscription(ctx, id, {});
  });
}
