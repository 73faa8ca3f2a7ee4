// Persists a subscription decision in the caller's transaction: the lines it leaves pending, the
// invoice it makes now (then the subscription names it as latest), the subscription and its
// events; then finalizes that invoice and attempts its payment per payment_behavior. The payment's
// consequences (paid → active, failed → past_due) arrive through the invoice hooks.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { withInvoiceMade, type SubscriptionDecision } from '../../domain/subscriptions/subscription-decision.ts';
import { finalizeWithAttempt } from '../invoices/finalize-invoice.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { invoiceSubscription } from './subscription-invoice.ts';
import { pendLines } from './pending-items.ts';
import { loadSubscription, saveSubscription } from './subscription-store.ts';
import type { PaymentBehavior } from './create-subscription.ts';

export interface Persisted {
  subscription: Stripe.Subscription;
  invoice: Stripe.Invoice | null;
}

export async function persistDecision(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  decided: SubscriptionDecision,
  opts: { paymentBehavior: PaymentBehavior; at?: number },
): Promise<Persisted> {
  let d = decided;
  await pendLines(ctx, customer, d.subscription, d.pendingItems);
  let invoice: Stripe.Invoice | null = null;
  if (d.invoice) {
    const made = await invoiceSubscription(ctx, d.subscription, customer, {
      billing_reason: d.invoice.billing_reason,
      billing_period_key: d.invoice.key,
      lines: d.invoice.lines,
      pending_items: d.invoice.pending_items,
      period: d.invoice.period,
      invoice_period: d.invoice.invoice_period,
    });
    invoice = made.invoice;
    d = withInvoiceMade(d, made.invoice.id, made.endedDiscounts);
  }
  for (const id of d.voidInvoices ?? []) {
    const open = await loadInvoice(ctx.db, id);
    if (open.status === 'open') await voidInvoice(ctx, id);
  }
  await saveSubscription(ctx.db, d.subscription);
  for (const e of d.events) await recordEvent(ctx, e.type, e.object, { previousAttributes: e.previous_attributes, at: opts.at });
  if (!invoice) return { subscription: d.subscription, invoice };

  const attempt = await finalizeWithAttempt(ctx, invoice.id, { attemptPayment: opts.paymentBehavior !== 'default_incomplete' });
  // A charge still to be made is judged after it is (changeSubscriptionNow).
  if (attempt.invoice.status !== 'paid' && !attempt.pending && opts.paymentBehavior === 'error_if_incomplete' && d.subscription.collection_method === 'charge_automatically') {
    const e = attempt.error;
    throw cardDeclined(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code, e?.charge ? { charge: e.charge } : {});
  }
  // The hooks may have moved the status (paid → active, failed → past_due).
  return { subscription: await loadSubscription(ctx.db, d.subscription.id), invoice: attempt.invoice };
}
