// How a subscription follows its invoices and its customer: a paid latest invoice makes it active,
// a failed payment makes a renewal past_due (the first invoice leaves it incomplete), and deleting
// the customer cancels its subscriptions. The composition root adds these to the context's hooks.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { subscriptionIdOf } from '../invoices/invoice-store.ts';
import { saveSubscription, liveSubscriptionIds } from './subscription-store.ts';
import { canMove, withStatus } from '../../domain/subscriptions/subscription-status.ts';
import { cancelSubscription } from './cancel-subscription.ts';
import { applyPaidPendingUpdate } from './pending-update.ts';
import { loadDunningPolicy } from '../../store/billing-settings-store.ts';
import { subscriptionAfterDunning } from '../../domain/dunning/dunning-policy.ts';

/** Each invoice's subscription follows it when the invoice is the subscription's latest (loaded with one `= ANY`). */
async function followInvoices(ctx: ServiceContext, invoices: Stripe.Invoice[], outcome: 'paid' | 'failed'): Promise<void> {
  const mine = invoices.filter((i) => {
    const subId = subscriptionIdOf(i);
    return subId !== null && subId !== ctx.creatingSubscription;
  });
  if (!mine.length) return;
  const ids = [...new Set(mine.map((i) => subscriptionIdOf(i)!))].sort();
  const rows = await ctx.db.query('SELECT id, data FROM subscriptions WHERE id = ANY($1) ORDER BY id FOR UPDATE', [ids]);
  const subs = new Map(rows.map((r) => [r.id as string, r.data as Stripe.Subscription]));
  const now = ctx.clock.now();
  for (const invoice of mine) {
    const sub = subs.get(subscriptionIdOf(invoice)!);
    if (!sub || sub.latest_invoice !== invoice.id) continue;
    // The invoice holds a pending update: paying it applies the change; a failure changes nothing.
    if (sub.pending_update) {
      if (outcome === 'paid') subs.set(sub.id, await applyPaidPendingUpdate(ctx, sub));
      continue;
    }
    let to: Stripe.Subscription['status'] | null = null;
    if (outcome === 'paid') {
      if (['incomplete', 'past_due', 'unpaid'].includes(sub.status)) to = 'active';
      if (sub.status === 'trialing' && sub.trial_end !== null && sub.trial_end <= now) to = 'active';
    } else if (sub.status === 'active' && invoice.billing_reason !== 'subscription_create') {
      to = 'past_due';
    }
    if (to === null || !canMove(sub, to as any)) continue;
    const after = withStatus(sub, to as any);
    subs.set(sub.id, after);
    await saveSubscription(ctx.db, after);
    await recordEvent(ctx, 'customer.subscription.updated', after, { previousAttributes: { status: sub.status } });
  }
}

/**
 * When an invoice's dunning ends, its subscription becomes what the account's policy says: canceled
 * (reason payment_failed), unpaid, or left past_due.
 */
async function endSubscriptionDunning(ctx: ServiceContext, invoices: Stripe.Invoice[]): Promise<void> {
  const ids = [...new Set(invoices.map(subscriptionIdOf).filter((s): s is string => s !== null && s !== ctx.creatingSubscription))].sort();
  if (!ids.length) return;
  const policy = await loadDunningPolicy(ctx.db);
  const rows = await ctx.db.query('SELECT id, data FROM subscriptions WHERE id = ANY($1) ORDER BY id FOR UPDATE', [ids]);
  for (const r of rows) {
    const sub = r.data as Stripe.Subscription;
    const to = subscriptionAfterDunning(sub.status, policy.subscription_action);
    if (to === 'canceled') await cancelSubscription(ctx, sub.id, {}, { reason: 'payment_failed', at: ctx.clock.now() });
    else if (to === 'unpaid' && canMove(sub, 'unpaid')) {
      const after = withStatus(sub, 'unpaid');
      await saveSubscription(ctx.db, after);
      await recordEvent(ctx, 'customer.subscription.updated', after, { previousAttributes: { status: sub.status } });
    }
  }
}

export function addSubscriptionHooks(hooks: BillingHooks): void {
  hooks.invoiceDunningEnded.push(endSubscriptionDunning);
  hooks.invoicePaid.push((ctx, invoices) => followInvoices(ctx, invoices, 'paid'));
  hooks.invoicePaymentFailed.push((ctx, invoices) => followInvoices(ctx, invoices, 'failed'));
  hooks.customerDeleted.push(async (ctx, customer) => {
    for (const id of await liveSubscriptionIds(ctx.db, customer.id)) await cancelSubscription(ctx, id, {});
  });
}
