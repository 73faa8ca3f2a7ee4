// An invoice an update creates at once (always_invoice prorations, billing_cycle_anchor=now, a
// trial ended now): created, finalized and paid according to payment_behavior. The subscription
// is saved first so the invoice hooks see it as the latest invoice's owner.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined } from '../../core/errors.ts';
import type { NewInvoiceLine } from '../invoices/create-invoice.ts';
import { finalizeWithAttempt } from '../invoices/finalize-invoice.ts';
import { invoiceSubscription } from './subscription-invoice.ts';
import { loadSubscription, saveSubscription } from './subscription-store.ts';
import type { PaymentBehavior } from './create-subscription.ts';

export async function invoiceNow(
  ctx: ServiceContext,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  input: {
    lines: NewInvoiceLine[];
    period: { start: number; end: number };
    paymentBehavior: PaymentBehavior;
    /** Names the invoice (domain/invoices/invoice-keys.ts): a second attempt hits the unique index. */
    key: string;
  },
): Promise<{ subscription: Stripe.Subscription; invoice: Stripe.Invoice }> {
  const now = ctx.clock.now();
  const made = await invoiceSubscription(ctx, sub, customer, {
    billing_reason: 'subscription_update',
    billing_period_key: input.key,
    lines: input.lines,
    pending_items: 'include',
    period: input.period,
    invoice_period: { start: now, end: now },
  });
  await saveSubscription(ctx.db, { ...made.subscription, latest_invoice: made.invoice.id });
  const attempt = await finalizeWithAttempt(ctx, made.invoice.id, { attemptPayment: input.paymentBehavior !== 'default_incomplete' });
  if (attempt.invoice.status !== 'paid' && input.paymentBehavior === 'error_if_incomplete' && sub.collection_method === 'charge_automatically') {
    const e = attempt.error;
    throw cardDeclined(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code, e?.charge ? { charge: e.charge } : {});
  }
  // The hooks may have moved the status (paid → active, failed → past_due).
  return { subscription: await loadSubscription(ctx.db, sub.id), invoice: attempt.invoice };
}
