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
import { customerIdOf, nextActionAt, paymentsEnvelope, saveInvoice, type Invoice } from './invoice-store.ts';
import { insertRows, updateRows } from '../../store/multi-row.ts';
import { changed, paidInvoice } from './settle-invoice.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';
import type { PaymentAttempt } from './attempt-invoice-payment.ts';
import { endDunning } from './end-dunning.ts';
import { loadDunningPolicy } from '../../store/billing-settings-store.ts';
import { afterFailedAttempt, type DunningPolicy } from '../../domain/dunning/dunning-policy.ts';

/** An attempt after phase 3: its outcome (null while unknown or finished elsewhere) and its invoice's. */
export interface FinishedAttempt {
  attempt: ChargeAttempt;
  outcome: ChargeOutcome | null;
  /** For an invoice's attempt that this call finished. */
  invoice: PaymentAttempt | null;
}

export interface InvoicePaymentWrite {
  invoice: Invoice;
  intentId: string;
  succeeded: boolean;
  at: number;
  amount?: number;
}

/**
 * Records the invoice payment (inpay_) of each attempt with its intent: the open one is reused,
 * and it is paid when the attempt succeeded. For many invoices at once (one load, multi-row
 * writes); returns each invoice with its payments refreshed, in order.
 */
export async function writeInvoicePayments(ctx: ServiceContext, writes: InvoicePaymentWrite[]): Promise<Invoice[]> {
  if (!writes.length) return [];
  const rows = await ctx.db.query('SELECT invoice_id, data FROM invoice_payments WHERE invoice_id = ANY($1) ORDER BY seq', [
    [...new Set(writes.map((w) => w.invoice.id))],
  ]);
  const byInvoice = new Map<string, Stripe.InvoicePayment[]>();
  for (const r of rows) byInvoice.set(r.invoice_id, [...(byInvoice.get(r.invoice_id) ?? []), r.data as Stripe.InvoicePayment]);
  const inserts: Array<Record<string, unknown>> = [];
  const updates: Array<Record<string, unknown>> = [];
  const out: Invoice[] = [];
  for (const { invoice, intentId, ...o } of writes) {
    const payments = byInvoice.get(invoice.id) ?? [];
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
    if (open) updates.push({ id: payment.id, data: payment });
    else inserts.push({ id: payment.id, created: payment.created, customer_id: customerIdOf(invoice), invoice_id: invoice.id, data: payment });
    const refreshed = [...payments.filter((p) => p.id !== payment.id), payment];
    byInvoice.set(invoice.id, refreshed);
    if (o.succeeded) await recordEvent(ctx, 'invoice_payment.paid', payment, { customerId: customerIdOf(invoice), at: o.at });
    out.push({ ...invoice, payments: paymentsEnvelope(invoice.id, refreshed) });
  }
  await insertRows(ctx.db, 'invoice_payments', inserts);
  await updateRows(ctx.db, 'invoice_payments', updates, { data: 'jsonb' });
  return out;
}

export async function writeInvoicePayment(
  ctx: ServiceContext,
  invoice: Invoice,
  intentId: string,
  o: { succeeded: boolean; at: number; amount?: number },
): Promise<Invoice> {
  return (await writeInvoicePayments(ctx, [{ invoice, intentId, ...o }]))[0];
}

/** When the invoice was first attempted: the schedule of its retries counts from there. */
const firstAttemptAt = (i: Invoice, now: number): number => Math.min(now, ...(i.payments?.data ?? []).map((p) => p.created));

/**
 * The invoice after a failed attempt at `now` (pure): open, with the next retry of the account's
 * schedule, or none when the retries have run out (`exhausted`: the end-of-dunning actions apply).
 */
export function failedInvoice(attempted: Invoice, policy: DunningPolicy, failure: PaymentFailure, now: number): { invoice: Invoice; exhausted: boolean } {
  const decision = afterFailedAttempt(
    policy,
    { collection_method: attempted.collection_method, auto_advance: attempted.auto_advance ?? false, first_attempt_at: firstAttemptAt(attempted, now), failure },
    now,
  );
  // The first invoice of a subscription follows the incomplete flow (it expires), not dunning.
  const exhausted = decision.kind === 'exhausted' && attempted.billing_reason !== 'subscription_create';
  return { invoice: { ...attempted, next_payment_attempt: decision.next_payment_attempt }, exhausted };
}

type PaymentFailure = { code: string; decline_code?: string | null };

/** A failed attempt: the invoice stays open, with the next automatic retry scheduled if any is left. */
export async function failInvoicePayment(
  ctx: ServiceContext,
  before: Invoice,
  attempted: Invoice,
  error: NonNullable<PaymentAttempt['error']>,
): Promise<PaymentAttempt> {
  const { invoice: after, exhausted } = failedInvoice(attempted, await loadDunningPolicy(ctx.db), error, ctx.clock.now());
  await saveInvoice(ctx.db, after);
  await recordEvent(ctx, 'invoice.updated', after, { previousAttributes: changed(before, after) });
  await recordEvent(ctx, 'invoice.payment_failed', after);
  await runInvoiceHooks(ctx, 'paymentFailed', after);
  if (exhausted) return { invoice: (await endDunning(ctx, [after]))[0], error };
  return { invoice: after, error };
}

interface Settlement {
  outcome: ChargeOutcome;
  invoiceId: string;
  at: number;
}

/**
 * What each attempt's outcome means for its invoice, at the attempt's own instant, for many
 * invoices at once: locked and loaded together, written with multi-row statements, the hooks run
 * once per instant for the invoices paid or failed together.
 */
async function settleInvoices(ctx: ServiceContext, items: Settlement[]): Promise<Map<string, PaymentAttempt>> {
  const out = new Map<string, PaymentAttempt>();
  if (!items.length) return out;
  const rows = await ctx.db.query('SELECT id, data FROM invoices WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[...new Set(items.map((i) => i.invoiceId))]]);
  const invoices = new Map(rows.map((r) => [r.id as string, r.data as Invoice]));
  const present = items.filter((i) => invoices.has(i.invoiceId));
  const withPayments = await writeInvoicePayments(
    ctx,
    present.map(({ outcome: o, invoiceId, at }) => ({
      invoice: invoices.get(invoiceId)!,
      intentId: o.paymentIntent.id,
      succeeded: o.succeeded,
      at,
      amount: o.paymentIntent.amount,
    })),
  );
  const saves: Invoice[] = [];
  const policy = await loadDunningPolicy(ctx.db);
  const hooks = new Map<number, { paid: Invoice[]; paymentFailed: Invoice[]; exhausted: Invoice[] }>();
  const hooksAt = (at: number) => hooks.get(at) ?? (hooks.set(at, { paid: [], paymentFailed: [], exhausted: [] }), hooks.get(at)!);
  for (const [k, { outcome: o, invoiceId, at }] of present.entries()) {
    const invoice = invoices.get(invoiceId)!;
    const withPayment = withPayments[k];
    const error = o.succeeded ? null : { ...o.error!, charge: o.charge.id };
    let after = withPayment;
    if (invoice.status === 'open' && o.succeeded) {
      after = paidInvoice(withPayment, { amountPaid: o.paymentIntent.amount }, at);
      await recordEvent(ctx, 'invoice.updated', after, { at, previousAttributes: changed(withPayment, after) });
      await recordEvent(ctx, 'invoice.paid', after, { at });
      await recordEvent(ctx, 'invoice.payment_succeeded', after, { at });
      hooksAt(at).paid.push(after);
    } else if (invoice.status === 'open') {
      const failed = failedInvoice(withPayment, policy, o.error!, at);
      after = failed.invoice;
      await recordEvent(ctx, 'invoice.updated', after, { at, previousAttributes: changed(invoice, after) });
      await recordEvent(ctx, 'invoice.payment_failed', after, { at });
      // The card needs 3-D Secure: the customer completes it on the page the intent's next_action names.
      if (o.requiresAction) await recordEvent(ctx, 'invoice.payment_action_required', after, { at });
      hooksAt(at).paymentFailed.push(after);
      if (failed.exhausted) hooksAt(at).exhausted.push(after);
    }
    // Voided or paid otherwise while the charge was in flight: the outcome is recorded on the payment.
    saves.push(after);
    out.set(invoiceId, { invoice: after, error });
  }
  await updateRows(
    ctx.db,
    'invoices',
    saves.map((i) => ({ id: i.id, data: i, next_action_at: nextActionAt(i) })),
    { data: 'jsonb', next_action_at: 'bigint' },
  );
  for (const [at, h] of [...hooks].sort((a, b) => a[0] - b[0])) {
    const atCtx = { ...ctx, clock: new FixedClock(at) };
    await runInvoiceHooks(atCtx, 'paid', h.paid);
    await runInvoiceHooks(atCtx, 'paymentFailed', h.paymentFailed);
    for (const ended of await endDunning(atCtx, h.exhausted)) out.set(ended.id, { ...out.get(ended.id)!, invoice: ended });
  }
  return out;
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
    const settled = await settleInvoices(
      tx,
      attempts.flatMap((a) => (outcomes.has(a.id) && a.invoiceId ? [{ outcome: outcomes.get(a.id)!, invoiceId: a.invoiceId, at: a.at }] : [])),
    );
    const finished: FinishedAttempt[] = attempts.map((attempt) => {
      const outcome = outcomes.get(attempt.id) ?? null;
      return { attempt, outcome, invoice: outcome && attempt.invoiceId ? (settled.get(attempt.invoiceId) ?? null) : null };
    });
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
