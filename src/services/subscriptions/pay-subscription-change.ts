// Subscription commands that may charge (creation's first invoice, an always_invoice update, an
// anchor reset, cancellation with invoice_now) run as the attempt protocol needs: the command and
// its attempt commit first, the gateway is called after, and the outcome — which moves the
// subscription through the invoice hooks — is recorded in a second transaction. The API routes
// call these with `transaction: false`.
import { idOf } from '../../domain/billing/stripe-terms.ts';
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined } from '../../core/errors.ts';
import { withPaymentAttempts } from '../invoices/with-payment-attempts.ts';
import type { FinishedAttempt } from '../invoices/finish-invoice-payment.ts';
import { createSubscription, type CreateSubscriptionInput, type PaymentBehavior } from './create-subscription.ts';
import { loadSubscription, saveSubscription } from './subscription-store.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { recordEvent } from '../../events/record-event.ts';
import { previousAttributes } from '../../core/previous-attributes.ts';

function declined(finished: FinishedAttempt[]) {
  const e = finished.find((f) => f.invoice?.error)?.invoice?.error;
  return cardDeclined(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code, e?.charge ? { charge: e.charge } : {});
}

const failedCharge = (finished: FinishedAttempt[]) => finished.some((f) => f.outcome && !f.outcome.succeeded);

/**
 * Creates the subscription and pays its first invoice. With error_if_incomplete a declined first
 * payment answers 402 and the subscription and its invoice are discarded (the intent and its
 * failed charge stay, as the 402 names them).
 */
export async function createSubscriptionNow(ctx: ServiceContext, input: CreateSubscriptionInput): Promise<Stripe.Subscription> {
  const { result, finished } = await withPaymentAttempts(ctx, (tx) => createSubscription(tx, input));
  const sub = await loadSubscription(ctx.db, result.id);
  if (input.payment_behavior === 'error_if_incomplete' && sub.status === 'incomplete' && failedCharge(finished)) {
    await discardSubscription(ctx, sub.id);
    throw declined(finished);
  }
  return sub;
}

/**
 * Runs a change of an existing subscription and pays what it invoices at once. With
 * error_if_incomplete a declined payment answers 402 and, as Stripe does, the subscription is left
 * unchanged: `subscriptionOf` names it, its state before the change is read in the change's own
 * transaction, and after the decline it is put back and the change's invoice voided.
 */
export async function changeSubscriptionNow<T>(
  ctx: ServiceContext,
  paymentBehavior: PaymentBehavior | undefined,
  command: (tx: ServiceContext) => Promise<T>,
  subscriptionOf?: (tx: ServiceContext) => Promise<string>,
): Promise<T> {
  const revertible = paymentBehavior === 'error_if_incomplete' && subscriptionOf;
  let before: Stripe.Subscription | null = null;
  const { result, finished } = await withPaymentAttempts(ctx, async (tx) => {
    if (revertible) before = await loadSubscription(tx.db, await subscriptionOf(tx), { forUpdate: true });
    return command(tx);
  });
  if (paymentBehavior === 'error_if_incomplete' && failedCharge(finished)) {
    if (before) await revertChange(ctx, before, finished);
    throw declined(finished);
  }
  return result;
}

/** Puts a subscription back as it was before a change whose payment was declined, voiding the change's invoice. */
async function revertChange(ctx: ServiceContext, before: Stripe.Subscription, finished: FinishedAttempt[]): Promise<void> {
  await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const current = await loadSubscription(db, before.id, { forUpdate: true });
    const invoiceIds = finished.flatMap((f) => (f.invoice?.invoice ? [f.invoice.invoice.id] : []));
    for (const id of invoiceIds) if ((await loadInvoice(db, id)).status === 'open') await voidInvoice(tx, id);
    // Only a subscription still as the change left it goes back: should anything else have changed it
    // since (a renewal, another request), writing the old copy would undo that too.
    const latest = idOf(current.latest_invoice);
    if (latest !== idOf(before.latest_invoice) && !invoiceIds.includes(latest ?? '')) {
      console.error(`subscription ${before.id} changed after its declined change; left as it is`);
      return;
    }
    await saveSubscription(db, before);
    await recordEvent(tx, 'customer.subscription.updated', before, { previousAttributes: previousAttributes(current as any, before as any) });
  });
}

/** Removes a subscription that must not have been created, with its invoices and their events. */
async function discardSubscription(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.db.transaction(async (db) => {
    const invoices = (await db.query('SELECT id FROM invoices WHERE subscription_id = $1', [id])).map((r) => r.id as string);
    const items = (await db.query('SELECT id FROM subscription_items WHERE subscription_id = $1', [id])).map((r) => r.id as string);
    await db.query(`DELETE FROM events WHERE object_id = ANY($1)`, [[id, ...invoices, ...items]]);
    await db.query('DELETE FROM discounts WHERE subscription_id = $1 OR invoice_id = ANY($2)', [id, invoices]);
    await db.query('DELETE FROM invoice_items WHERE subscription_id = $1 OR invoice_id = ANY($2)', [id, invoices]);
    await db.query('DELETE FROM invoices WHERE id = ANY($1)', [invoices]);
    await db.query('DELETE FROM subscription_items WHERE subscription_id = $1', [id]);
    await db.query('DELETE FROM subscriptions WHERE id = $1', [id]);
  });
}
