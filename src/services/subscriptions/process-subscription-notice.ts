// The engine's processor of scheduled notices (migration 0086): at its instant, a notice records
// `customer.subscription.trial_will_end` or `invoice.upcoming` if what it announces still holds
// (the trial still ends then, the renewal is still coming and still charged automatically), and is
// done either way. Safe to run twice: a done notice is no longer due.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { RecurError } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { customerIdOf, currentPeriod, loadSubscription } from './subscription-store.ts';
import { previewInvoice } from './preview-invoice.ts';

const RENEWING: ReadonlySet<string> = new Set(['trialing', 'active', 'past_due']);

export async function processSubscriptionNotice(ctx: ServiceContext, noticeId: string): Promise<void> {
  const [notice] = await ctx.db.query('SELECT subscription_id, kind, for_instant FROM subscription_notices WHERE id = $1', [noticeId]);
  await ctx.db.query('UPDATE subscription_notices SET next_action_at = NULL WHERE id = $1', [noticeId]);
  if (!notice) return;
  const sub = await loadSubscription(ctx.db, notice.subscription_id);
  const at = ctx.clock.now();
  const forInstant = Number(notice.for_instant);
  if (notice.kind === 'trial_will_end') {
    if (sub.status === 'trialing' && sub.trial_end === forInstant) await recordEvent(ctx, 'customer.subscription.trial_will_end', sub, { at });
    return;
  }
  if (notice.kind === 'invoice_upcoming' && stillRenewsAt(sub, forInstant)) {
    const invoice = await upcomingInvoice(ctx, sub);
    if (invoice) await recordEvent(ctx, 'invoice.upcoming', invoice, { at, customerId: customerIdOf(sub) });
  }
}

function stillRenewsAt(sub: Stripe.Subscription, periodEnd: number): boolean {
  if (!RENEWING.has(sub.status) || sub.collection_method !== 'charge_automatically') return false;
  if (sub.cancel_at !== null && sub.cancel_at <= periodEnd) return false;
  return currentPeriod(sub).end === periodEnd;
}

/** The invoice the renewal will make, as create_preview shows it; none when there is nothing to preview. */
async function upcomingInvoice(ctx: ServiceContext, sub: Stripe.Subscription): Promise<Stripe.Invoice | null> {
  try {
    return await previewInvoice(ctx, { subscription: sub.id });
  } catch (e) {
    if (e instanceof RecurError) return null;
    throw e;
  }
}
