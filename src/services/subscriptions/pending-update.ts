// Pending updates (payment_behavior=pending_if_incomplete), around the domain's rules in
// domain/subscriptions/pending-update.ts: after the change's payment was attempted, an unpaid
// invoice puts the subscription back as it was, holding the change; paying the invoice applies it
// (the invoice hooks call applyPaidPendingUpdate); the engine drops it when it expires.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { previousAttributes } from '../../core/previous-attributes.ts';
import { recordEvent } from '../../events/record-event.ts';
import { applyPendingUpdate, dropPendingUpdate, holdPendingUpdate, PENDING_UPDATE_PARAMS } from '../../domain/subscriptions/pending-update.ts';
import { withStatus, canMove } from '../../domain/subscriptions/subscription-status.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { testClockTime } from '../../store/customer-clock.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { loadSubscription, saveSubscription } from './subscription-store.ts';
import type { UpdateResult } from './update-subscription.ts';

/** Refuses what a pending update cannot carry; the change's prorations are invoiced at once. */
export function checkPendingUpdateParams(params: Record<string, unknown>): void {
  const other = Object.keys(params).find((k) => params[k] !== undefined && !PENDING_UPDATE_PARAMS.has(k));
  if (other) throw invalidRequest(`${other} cannot be updated with payment_behavior=pending_if_incomplete.`, other);
  if (params.proration_behavior !== undefined && params.proration_behavior !== 'always_invoice')
    throw invalidRequest('With payment_behavior=pending_if_incomplete the prorations are invoiced at once: proration_behavior must be always_invoice.', 'proration_behavior');
}

/** After the change's payment: if its invoice is not paid, the subscription goes back and holds the change. */
export async function holdUnpaidChange(ctx: ServiceContext, result: UpdateResult): Promise<void> {
  if (!result.invoice) return;
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    if ((await loadInvoice(db, result.invoice!.id)).status === 'paid') return;
    const current = await loadSubscription(db, result.subscription.id, { forUpdate: true });
    const now = (await testClockTime(db, current.test_clock as string | null)) ?? tx.clock.now();
    const held = holdPendingUpdate(result.before, current, now);
    await saveSubscription(db, held);
    await recordEvent(tx, 'customer.subscription.updated', held, { previousAttributes: previousAttributes(current as any, held as any) });
  });
}

/** The invoice holding a pending update was paid: the change is applied (called by the invoice hooks). */
export async function applyPaidPendingUpdate(ctx: ServiceContext, sub: Stripe.Subscription): Promise<Stripe.Subscription> {
  let applied = applyPendingUpdate(sub);
  if (canMove(applied, 'active') && ['past_due', 'unpaid', 'incomplete'].includes(applied.status)) applied = withStatus(applied, 'active');
  await saveSubscription(ctx.db, applied);
  await recordEvent(ctx, 'customer.subscription.pending_update_applied', applied, { previousAttributes: { pending_update: sub.pending_update } });
  await recordEvent(ctx, 'customer.subscription.updated', applied, { previousAttributes: previousAttributes(sub as any, applied as any) });
  return applied;
}

/** The pending update expired unpaid: it is dropped and its invoice voided (engine, at expires_at). */
export async function expirePendingUpdate(ctx: ServiceContext, sub: Stripe.Subscription): Promise<void> {
  const dropped = dropPendingUpdate(sub);
  if (typeof sub.latest_invoice === 'string') {
    const invoice = await loadInvoice(ctx.db, sub.latest_invoice);
    if (invoice.status === 'open') await voidInvoice(ctx, invoice.id);
  }
  await saveSubscription(ctx.db, dropped);
  await recordEvent(ctx, 'customer.subscription.pending_update_expired', dropped, { previousAttributes: { pending_update: sub.pending_update } });
}
