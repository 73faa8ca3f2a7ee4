// The engine's entry point: does the one thing due for a subscription at ctx.clock.now() (its
// next_action_at) — expire an unpaid incomplete subscription, cancel at cancel_at, resume paused
// collection, end a trial, or renew at a period end — then saving moves next_action_at on.
// Safe to run twice: what is done is no longer due, and a period is invoiced once.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent, previousAttributes } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { actionDueAt } from './next-action.ts';
import { currentPeriod, customerIdOf, loadSubscription, saveSubscription } from './subscription-store.ts';
import { cancelSubscription } from './cancel-subscription.ts';
import { renewSubscription } from './renew-subscription.ts';
import { expirePendingUpdate } from './pending-update.ts';
import { withStatus } from '../../domain/subscriptions/subscription-status.ts';

export async function processSubscriptionDue(ctx: ServiceContext, subscriptionId: string): Promise<void> {
  const sub = await loadSubscription(ctx.db, subscriptionId, { forUpdate: true });
  const now = ctx.clock.now();
  const action = actionDueAt(sub, now);
  switch (action) {
    case null:
      // Nothing due (already done): saving recomputes next_action_at from the object.
      return saveSubscription(ctx.db, sub);
    case 'expire_pending_update':
      return expirePendingUpdate(ctx, sub);
    case 'expire_incomplete':
      return expireIncomplete(ctx, sub, now);
    case 'cancel': {
      const p = currentPeriod(sub);
      await cancelSubscription(ctx, sub.id, { prorate: sub.cancel_at! < p.end && sub.cancel_at! > p.start }, { at: now });
      return;
    }
    case 'resume_collection':
      return save(ctx, sub, { ...sub, pause_collection: null });
    case 'trial_end':
      return endTrial(ctx, sub, now);
    case 'renew':
      await renewSubscription(ctx, sub, { afterTrial: false });
      return;
  }
}

async function save(ctx: ServiceContext, before: Stripe.Subscription, after: Stripe.Subscription, type = 'customer.subscription.updated') {
  await saveSubscription(ctx.db, after);
  await recordEvent(ctx, type, after, { previousAttributes: previousAttributes(before, after) });
}

async function expireIncomplete(ctx: ServiceContext, sub: Stripe.Subscription, now: number): Promise<void> {
  if (typeof sub.latest_invoice === 'string') {
    const first = await loadInvoice(ctx.db, sub.latest_invoice);
    if (first.status === 'open') await voidInvoice(ctx, first.id);
  }
  const after = { ...withStatus(sub, 'incomplete_expired'), ended_at: now };
  await saveSubscription(ctx.db, after);
  await recordEvent(ctx, 'customer.subscription.deleted', after, { previousAttributes: previousAttributes(sub, after) });
}

async function endTrial(ctx: ServiceContext, sub: Stripe.Subscription, now: number): Promise<void> {
  const customer = await loadCustomer(ctx.db, customerIdOf(sub));
  const hasPaymentMethod = !!sub.default_payment_method || !!customer.invoice_settings?.default_payment_method;
  const missing = sub.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice';
  if (!hasPaymentMethod && sub.collection_method === 'charge_automatically' && missing !== 'create_invoice') {
    if (missing === 'cancel') {
      await cancelSubscription(ctx, sub.id, {}, { at: now });
      return;
    }
    const paused: Stripe.Subscription = {
      ...withStatus(sub, 'paused'),
      status_details: { paused: { subscription: { type: 'trial_end_without_payment_method' }, transitioned_at: now, type: 'subscription' } },
    } as Stripe.Subscription;
    await save(ctx, sub, paused);
    await recordEvent(ctx, 'customer.subscription.paused', paused);
    return;
  }
  await renewSubscription(ctx, sub, { afterTrial: true });
}
