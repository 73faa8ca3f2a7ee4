// Phase 3 of collecting invoices (see payments/attempt-protocol.ts), in its own transaction: the
// charges and intents, then for each invoice its invoice payment, and paid — or failed with the
// next automatic retry scheduled — with its events and the hooks other billing follows (the
// subscription's status). Also the consequences of a failed attempt shared with phase 1.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { FixedClock } from '../../core/clock.ts';
import { deferEvents, flushEvents, recordEvent } from '../../events/record-event.ts';
import {
  callGateway,
  recordChargeOutcomes,
  type AttemptResult,
  type ChargeAttempt,
  type ChargeOutcome,
} from '../../payments/attempt-protocol.ts';
import { customerIdOf, loadInvoiceForUpdate, loadPayments, paymentsEnvelope, saveInvoice, type Invoice } from './invoice-store.ts';
import { changed, markInvoicePaid } from './settle-invoice.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';
import type { PaymentAttempt } from './attempt-invoice-payment.ts';

/** An attempt after phase 3: its outcome (null while unknown or finished elsewhere) and its invoice's. */
export interface FinishedAttempt {
  attempt: ChargeAttempt;
  outcome: ChargeOutcome | null;
  /** For an invoice's attempt that this call finished. */
  invoice: PaymentAttempt | null;
}

/**
 * Records the invoice payment (inpay_) of an attempt with this intent: the open one is reused,
 * and it is paid when the attempt succeeded. Returns the invoice with its payments refreshed.
 */
export async function writeInvoicePayment(
  ctx: ServiceContext,
  invoice: Invoice,
  intentId: string,
  o: { succeeded: boolean; at: number; amount?: number },
): Promise<Invoice> {
  const payments = await loadPayments(ctx.db, invoice.id);
  const open =
    payments.find((p) => p.status === 'open' && p.payment.payment_intent === intentId) ?? payments.find((p) => p.status === 'open');
  const amount = o.amount ?? invoice.amount_remaining;
  const payment: Stripe.InvoicePayment = {
    id: open?.id ?? ctx.ids.next('inpay'),
    object: 'invoice_payment',
    amount_paid: o.succeeded ? amount : null,
    amount_requested: amount,
    created: open?.created ?? o.at,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: intentId },
    status: o.succeeded ? 'paid' : 'open',
    status_transitions: { canceled_at: null, paid_at: o.succeeded ? o.at : null },
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
  if (o.succeeded) await recordEvent(ctx, 'invoice_payment.paid', payment, { customerId: customerIdOf(invoice), at: o.at });
  return { ...invoice, payments: paymentsEnvelope(invoice.id, [...payments.filter((p) => p.id !== payment.id), payment]) };
}

/** A failed attempt: the invoice stays open, with the next automatic retry scheduled if any is left. */
export async function failInvoicePayment(
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

/** What an attempt's outcome means for its invoice, at the attempt's own instant. */
async function settleInvoice(ctx: ServiceContext, o: ChargeOutcome, invoiceId: string): Promise<PaymentAttempt> {
  const invoice = await loadInvoiceForUpdate(ctx.db, invoiceId);
  const at = ctx.clock.now();
  const withPayment = await writeInvoicePayment(ctx, invoice, o.paymentIntent.id, { succeeded: o.succeeded, at, amount: o.paymentIntent.amount });
  if (o.succeeded) {
    if (invoice.status === 'open')
      return { invoice: await markInvoicePaid(ctx, withPayment, { amountPaid: o.paymentIntent.amount }), error: null };
    // Voided or paid otherwise while the charge was in flight: the money is recorded on the payment.
    await saveInvoice(ctx.db, withPayment);
    return { invoice: withPayment, error: null };
  }
  const error = { ...o.error!, charge: o.charge.id };
  if (invoice.status !== 'open') {
    await saveInvoice(ctx.db, withPayment);
    return { invoice: withPayment, error };
  }
  return failInvoicePayment(ctx, invoice, withPayment, error);
}

/**
 * Phase 3 for many attempts, in one transaction of its own (pass a context outside any
 * transaction; within one, it joins it). `results` come from callGateway or askGateway, in the
 * order of `attempts`. Attempts whose outcome is unknown stay processing for the engine to finish.
 */
export async function finishInvoicePaymentAttempts(ctx: ServiceContext, attempts: ChargeAttempt[], results: AttemptResult[]): Promise<FinishedAttempt[]> {
  if (!attempts.length) return [];
  const own = !ctx.db.inTransaction;
  return ctx.db.transaction(async (db) => {
    if (own) deferEvents(db);
    const tx: ServiceContext = { ...ctx, db };
    const outcomes = new Map((await recordChargeOutcomes(tx, attempts, results)).map((o) => [o.attempt.id, o]));
    const finished: FinishedAttempt[] = [];
    for (const attempt of attempts) {
      const outcome = outcomes.get(attempt.id) ?? null;
      const invoice =
        outcome && attempt.invoiceId ? await settleInvoice({ ...tx, clock: new FixedClock(attempt.at) }, outcome, attempt.invoiceId) : null;
      finished.push({ attempt, outcome, invoice });
    }
    if (own) await flushEvents(db);
    return finished;
  });
}

/** Phases 2 and 3 for attempts whose phase 1 has committed. */
export async function completeInvoicePaymentAttempts(
  ctx: ServiceContext,
  attempts: ChargeAttempt[],
  opts: { concurrency?: number } = {},
): Promise<FinishedAttempt[]> {
  if (!attempts.length) return [];
  const results = await callGateway(ctx, attempts, opts);
  return finishInvoicePaymentAttempts(ctx, attempts, results);
}
