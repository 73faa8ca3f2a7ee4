// One attempt to collect an open invoice's amount_remaining from a payment method: the invoice
// payment (inpay_) records it; success pays the invoice, failure leaves it open with the next
// automatic retry scheduled.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { collectPayment } from '../../payments/collect-payment.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { customerIdOf, loadPayments, paymentsEnvelope, saveInvoice, subscriptionIdOf, type Invoice } from './invoice-store.ts';
import { changed, markInvoicePaid } from './settle-invoice.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';
import { loadCustomer } from '../../store/customer-store.ts';


export interface PaymentAttempt {
  invoice: Invoice;
  /** Why the attempt failed (null when it succeeded). */
  error: { code: string; decline_code?: string; message: string; charge?: string | null } | null;
}

/** The payment method to charge: the invoice's, its subscription's, then the customer's default. */
export async function defaultPaymentMethodOf(ctx: ServiceContext, invoice: Invoice): Promise<string | null> {
  if (typeof invoice.default_payment_method === 'string') return invoice.default_payment_method;
  const subId = subscriptionIdOf(invoice);
  if (subId) {
    const rows = await ctx.db.query('SELECT data FROM subscriptions WHERE id = $1', [subId]);
    const pm = rows[0]?.data?.default_payment_method;
    if (pm) return typeof pm === 'string' ? pm : pm.id;
  }
  const customer = await loadCustomer(ctx.db, customerIdOf(invoice));
  const pm = customer.invoice_settings?.default_payment_method;
  return pm ? (typeof pm === 'string' ? pm : pm.id) : null;
}

export async function attemptInvoicePayment(
  ctx: ServiceContext,
  invoice: Invoice,
  opts: { paymentMethodId?: string | null } = {},
): Promise<PaymentAttempt> {
  const now = ctx.clock.now();
  const pmId = opts.paymentMethodId ?? (await defaultPaymentMethodOf(ctx, invoice));
  const attempted: Invoice = { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1 };
  const payments = await loadPayments(ctx.db, invoice.id);
  const open = payments.find((p) => p.status === 'open');
  const openIntent = open && typeof open.payment.payment_intent === 'string' ? open.payment.payment_intent : undefined;
  const result = await collectPayment(ctx, {
    customerId: customerIdOf(invoice),
    amount: invoice.amount_remaining,
    currency: invoice.currency,
    paymentMethod: pmId ? await resolvePaymentMethod(ctx, pmId, customerIdOf(invoice), 'payment_method', { at: now }) : null,
    description: invoice.number ? `Invoice ${invoice.number}` : `Invoice ${invoice.id}`,
    invoiceId: invoice.id,
    at: now,
    ...(openIntent ? { paymentIntentId: openIntent } : {}),
  });
  const intentId = result.paymentIntent.id;
  const payment: Stripe.InvoicePayment = {
    id: open?.id ?? ctx.ids.next('inpay'),
    object: 'invoice_payment',
    amount_paid: result.succeeded ? invoice.amount_remaining : null,
    amount_requested: invoice.amount_remaining,
    created: open?.created ?? now,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: intentId },
    status: result.succeeded ? 'paid' : 'open',
    status_transitions: { canceled_at: null, paid_at: result.succeeded ? now : null },
  };
  if (open) await ctx.db.query('UPDATE invoice_payments SET data = $2 WHERE id = $1', [payment.id, JSON.stringify(payment)]);
  else
    await ctx.db.query('INSERT INTO invoice_payments (id, created, customer_id, invoice_id, data) VALUES ($1, $2, $3, $4, $5)', [
      payment.id,
      payment.created,
      customerIdOf(invoice),
      invoice.id,
      JSON.stringify(payment),
    ]);
  const withPayments: Invoice = {
    ...attempted,
    payments: paymentsEnvelope(invoice.id, [...payments.filter((p) => p.id !== payment.id), payment]),
  };
  if (result.succeeded) {
    await recordEvent(ctx, 'invoice_payment.paid', payment, { customerId: customerIdOf(invoice) });
    const paid = await markInvoicePaid(ctx, withPayments, { amountPaid: invoice.amount_remaining });
    return { invoice: paid, error: null };
  }
  const e = (result.error ?? {}) as { code?: string; decline_code?: string; message?: string };
  return failed(ctx, invoice, withPayments, {
    code: e.code ?? 'card_declined',
    decline_code: e.decline_code,
    message: e.message ?? 'Your card was declined.',
    charge: result.charge?.id ?? null,
  });
}

async function failed(
  ctx: ServiceContext,
  before: Invoice,
  attempted: Invoice,
  error: NonNullable<PaymentAttempt['error']>,
): Promise<PaymentAttempt> {
  const retryDays = ctx.settings.retryDays;
  const retryIn = attempted.attempt_count <= retryDays.length ? retryDays[attempted.attempt_count - 1] : undefined;
  const after: Invoice = {
    ...attempted,
    next_payment_attempt:
      attempted.collection_method === 'charge_automatically' && attempted.auto_advance && retryIn !== undefined
        ? ctx.clock.now() + retryIn * 86400
        : null,
  };
  await saveInvoice(ctx.db, after);
  await recordEvent(ctx, 'invoice.updated', after, { previousAttributes: changed(before, after) });
  await recordEvent(ctx, 'invoice.payment_failed', after);
  await runInvoiceHooks(ctx, 'paymentFailed', after);
  return { invoice: after, error };
}
