// A period boundary of one subscription (the engine's renewal, a trial's end, a preview): the
// set-based renewal with a batch of one. The domain decides (renewSubscription); the draft waits an
// hour before it finalizes unless collection is paused, and paused collection that voids or marks
// invoices uncollectible does so at once.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { renewSubscriptions } from '../billing/renew-subscriptions.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { markInvoiceUncollectible } from '../invoices/mark-invoice-uncollectible.ts';

export { FINALIZE_AFTER_SECONDS, nextPeriodOf } from '../../domain/billing/renew-subscription.ts';

/** Renews the subscription at ctx.clock.now(), saving it with its events; returns it renewed. */
export async function renewSubscription(ctx: ServiceContext, sub: Stripe.Subscription, opts: { afterTrial: boolean }): Promise<Stripe.Subscription> {
  const [after] = await renewSubscriptions(ctx, ctx.db, [{ subscription: sub, at: ctx.clock.now(), afterTrial: opts.afterTrial }]);
  const pause = sub.pause_collection?.behavior ?? null;
  const invoiceId = after.latest_invoice as string | null;
  if ((pause === 'void' || pause === 'mark_uncollectible') && invoiceId && invoiceId !== sub.latest_invoice) {
    await finalizeInvoice(ctx, invoiceId, { attemptPayment: false });
    if (pause === 'void') await voidInvoice(ctx, invoiceId);
    else await markInvoiceUncollectible(ctx, invoiceId);
  }
  return after;
}
