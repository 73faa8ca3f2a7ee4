// Phase 1 of collecting open invoices' amount_remaining (see payments/attempt-protocol.ts): for
// many invoices at once, inside the caller's transaction, each invoice's PaymentIntent (its open
// one, or a new one) moves to processing with a recorded attempt, and its invoice payment (inpay_)
// shows the attempt open. The gateway is not called here. An invoice with nothing to charge fails
// at once, as Stripe does.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { beginChargeAttempts, type BeginChargeInput, type ChargeAttempt } from '../../payments/attempt-protocol.ts';
import { deferAttempts } from '../../payments/deferred-attempts.ts';
import { recordEvent } from '../../events/record-event.ts';
import { newPaymentIntent } from '../../payments/payment-objects.ts';
import { loadPaymentMethodsById } from '../../payments/payment-attempt-store.ts';
import { insertPaymentIntents, savePaymentIntents } from '../../payments/payment-records-store.ts';
import { customerIdOf, nextActionAt, subscriptionIdOf, type Invoice } from './invoice-store.ts';
import { updateRows } from '../../store/multi-row.ts';
import { failInvoicePayment, writeInvoicePayment, writeInvoicePayments, completeInvoicePaymentAttempts } from './finish-invoice-payment.ts';

export interface PaymentAttempt {
  invoice: Invoice;
  /** Why the attempt failed (null when it succeeded, or while its outcome is not known yet). */
  error: { code: string; decline_code?: string; message: string; charge?: string | null } | null;
  /** The charge is begun but not made yet: its transaction's owner calls the gateway after commit. */
  pending?: boolean;
}

/** What Stripe says when an invoice is paid for a customer with nothing to charge. */
export const NO_PAYMENT_METHOD = {
  code: 'resource_missing',
  message: 'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
};

export interface InvoiceToCollect {
  invoice: Invoice;
  /** Charge this payment method (resolved and attached by the caller) instead of the defaults. */
  paymentMethod?: Stripe.PaymentMethod | null;
}

export interface BegunInvoiceAttempts {
  /** Attempts for phases 2 and 3, one per invoice charged. */
  attempts: ChargeAttempt[];
  /** Invoices settled without calling out (nothing to charge), by id. */
  settled: Map<string, PaymentAttempt>;
  /** Invoices that already have an attempt in flight: nothing was done to them. */
  busy: string[];
  /** Each charged invoice as saved in phase 1 (attempt_count counted, no retry scheduled), by id. */
  processing: Map<string, Invoice>;
}

const pmIdOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

/**
 * The payment method each invoice charges by default: the invoice's, its subscription's, then its
 * customer's default (loaded for all invoices with a few `= ANY` queries).
 */
export async function defaultPaymentMethods(db: Db, invoices: Invoice[]): Promise<Map<string, Stripe.PaymentMethod | null>> {
  const subIds = [...new Set(invoices.map(subscriptionIdOf).filter((s): s is string => s !== null))];
  const customerIds = [...new Set(invoices.map(customerIdOf))];
  const subs = subIds.length ? await db.query('SELECT id, data FROM subscriptions WHERE id = ANY($1)', [subIds]) : [];
  const customers = await db.query('SELECT id, data FROM customers WHERE id = ANY($1)', [customerIds]);
  const subPm = new Map(subs.map((r) => [r.id as string, pmIdOf(r.data.default_payment_method)]));
  const customerPm = new Map(customers.map((r) => [r.id as string, pmIdOf(r.data.invoice_settings?.default_payment_method)]));
  const chosen = new Map<string, string | null>();
  for (const i of invoices) {
    const sub = subscriptionIdOf(i);
    chosen.set(i.id, pmIdOf(i.default_payment_method) ?? (sub ? subPm.get(sub) : null) ?? customerPm.get(customerIdOf(i)) ?? null);
  }
  const pms = await loadPaymentMethodsById(db, [...new Set([...chosen.values()].filter((v): v is string => v !== null))]);
  return new Map([...chosen].map(([invoiceId, pmId]) => [invoiceId, pmId ? (pms.get(pmId) ?? null) : null]));
}

/**
 * Phase 1 for many invoices, inside the caller's transaction (multi-row writes). The caller
 * commits, then runs completeInvoicePaymentAttempts(ctx, result.attempts) — or, for a batch,
 * callGateway and finishInvoicePaymentAttempts — outside any transaction. Attempts whose process
 * dies before phase 3 are finished by the engine (finishStuckPaymentAttempts).
 */
export async function beginInvoicePaymentAttempts(ctx: ServiceContext, toCollect: InvoiceToCollect[]): Promise<BegunInvoiceAttempts> {
  const result: BegunInvoiceAttempts = { attempts: [], settled: new Map(), busy: [], processing: new Map() };
  if (!toCollect.length) return result;
  const now = ctx.clock.now();
  const invoices = toCollect.map((t) => t.invoice);
  const defaults = toCollect.some((t) => t.paymentMethod === undefined || t.paymentMethod === null)
    ? await defaultPaymentMethods(ctx.db, invoices)
    : new Map<string, Stripe.PaymentMethod | null>();
  const openRows = await ctx.db.query(
    `SELECT invoice_id, data FROM payment_intents WHERE invoice_id = ANY($1) AND status NOT IN ('succeeded', 'canceled') ORDER BY seq`,
    [invoices.map((i) => i.id)],
  );
  const openIntent = new Map(openRows.map((r) => [r.invoice_id as string, r.data as Stripe.PaymentIntent]));

  const charging: Array<{ invoice: Invoice; begin: BeginChargeInput }> = [];
  const nothingToCharge: Array<{ invoice: Invoice; pi: Stripe.PaymentIntent; isNew: boolean }> = [];
  for (const { invoice, paymentMethod } of toCollect) {
    const pm = paymentMethod ?? defaults.get(invoice.id) ?? null;
    const open = openIntent.get(invoice.id);
    if (open?.status === 'processing') {
      result.busy.push(invoice.id);
      continue;
    }
    // The amount due may have changed since the last attempt (credits, partial payments).
    const pi: Stripe.PaymentIntent = open
      ? { ...open, amount: invoice.amount_remaining, currency: invoice.currency }
      : newPaymentIntent(ctx, {
          amount: invoice.amount_remaining,
          currency: invoice.currency,
          customerId: customerIdOf(invoice),
          description: invoice.number ? `Invoice ${invoice.number}` : `Invoice ${invoice.id}`,
          paymentMethodId: null,
          created: now,
        });
    if (pm) charging.push({ invoice, begin: { paymentIntent: pi, isNew: !open, paymentMethod: pm, invoiceId: invoice.id, at: now } });
    else nothingToCharge.push({ invoice, pi: { ...pi, status: 'requires_payment_method', payment_method: null }, isNew: !open });
  }

  const attempts = await beginChargeAttempts(ctx, charging.map((c) => c.begin));
  const begun = new Set(attempts.map((a) => a.invoiceId));
  for (const { invoice } of charging) if (!begun.has(invoice.id)) result.busy.push(invoice.id);
  const started = charging.filter((c) => begun.has(c.invoice.id));
  const withPayments = await writeInvoicePayments(
    ctx,
    started.map(({ invoice, begin }) => ({
      invoice: { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1, next_payment_attempt: null },
      intentId: begin.paymentIntent.id,
      succeeded: false,
      at: now,
    })),
  );
  await updateRows(
    ctx.db,
    'invoices',
    withPayments.map((i) => ({ id: i.id, data: i, next_action_at: nextActionAt(i) })),
    { data: 'jsonb', next_action_at: 'bigint' },
  );
  for (const i of withPayments) result.processing.set(i.id, i);
  result.attempts = attempts;

  await insertPaymentIntents(ctx.db, nothingToCharge.filter((n) => n.isNew).map((n) => ({ pi: n.pi, invoiceId: n.invoice.id })));
  await savePaymentIntents(ctx.db, nothingToCharge.filter((n) => !n.isNew).map((n) => n.pi));
  for (const { invoice, pi, isNew } of nothingToCharge) {
    if (isNew) {
      await recordEvent(ctx, 'payment_intent.created', pi, { at: now, customerId: customerIdOf(invoice) });
    }
    const attempted: Invoice = { ...invoice, attempted: true, attempt_count: invoice.attempt_count + 1 };
    const withPayment = await writeInvoicePayment(ctx, attempted, pi.id, { succeeded: false, at: now });
    result.settled.set(invoice.id, await failInvoicePayment(ctx, invoice, withPayment, { ...NO_PAYMENT_METHOD, charge: null }));
  }
  return result;
}

/**
 * One invoice. Inside a transaction its owner must have registered for deferred attempts
 * (deferPaymentAttempts: the engine, withPaymentAttempts): this is then phase 1 only and the
 * answer shows the invoice processing, its charge made after the commit. Outside a transaction
 * all three phases run here.
 */
export async function attemptInvoicePayment(
  ctx: ServiceContext,
  invoice: Invoice,
  opts: { paymentMethod?: Stripe.PaymentMethod | null } = {},
): Promise<PaymentAttempt> {
  const begun = await beginInvoicePaymentAttempts(ctx, [{ invoice, paymentMethod: opts.paymentMethod }]);
  const settled = begun.settled.get(invoice.id);
  if (settled) return settled;
  if (begun.busy.length) return { invoice, error: null };
  if (deferAttempts(ctx.db, begun.attempts)) return { invoice: begun.processing.get(invoice.id)!, error: null, pending: true };
  // No transaction may span the gateway call: a caller inside one must let its owner charge.
  if (ctx.db.inTransaction) throw new Error(`attemptInvoicePayment(${invoice.id}) inside a transaction nobody registered for deferred attempts`);
  const [finished] = await completeInvoicePaymentAttempts(ctx, begun.attempts);
  return finished?.invoice ?? { invoice: begun.processing.get(invoice.id)!, error: null };
}
