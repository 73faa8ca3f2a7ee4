// Pays an invoice now: out of band (recorded, nothing charged) or by charging a payment method.
// A draft is finalized first; an uncollectible invoice can still be paid. The charge follows the
// attempt protocol: the attempt is committed, the gateway called outside any transaction, and
// the outcome recorded in a second transaction.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { invoiceContext } from './invoice-context.ts';
import { customerIdOf, loadInvoice, loadInvoiceForUpdate } from './invoice-store.ts';
import { finalizeWithAttempt } from './finalize-invoice.ts';
import { markInvoicePaid } from './settle-invoice.ts';
import { beginInvoicePaymentAttempts, type PaymentAttempt } from './attempt-invoice-payment.ts';
import { withPaymentAttempts } from './with-payment-attempts.ts';
import { deferAttempts } from '../../payments/deferred-attempts.ts';
import { loadCharge, loadPaymentIntent } from '../../payments/payment-records-store.ts';
import type { Db } from '../../store/db.ts';

export interface PayInvoiceInput {
  paid_out_of_band?: boolean;
  payment_method?: string;
}

export async function payInvoice(ctx: ServiceContext, id: string, input: PayInvoiceInput = {}): Promise<Stripe.Invoice> {
  return (await payInvoiceNow(ctx, id, input)).invoice;
}

const alreadyPaying = (id: string) =>
  invalidState(`A payment of invoice ${id} is already in progress; retrieve the invoice to see its outcome.`, undefined, 'invoice_payment_intent_requires_action');

/**
 * Pays the invoice on its customer's time, telling why a charge failed (the API answers a
 * decline with a card error). Must be called outside a transaction: the route runs with
 * `transaction: false`. While the gateway's answer is unknown (a timeout) the invoice is
 * returned open, its intent processing; the engine finishes the attempt.
 */
export async function payInvoiceNow(ctx: ServiceContext, id: string, input: PayInvoiceInput = {}): Promise<PaymentAttempt> {
  const { result, finished } = await withPaymentAttempts(ctx, async (tx) => {
    const c = await invoiceContext(tx, id);
    let invoice = await loadInvoiceForUpdate(c.db, id);
    if (invoice.status === 'paid') throw invalidState(`Invoice ${id} is already paid.`, undefined, 'invoice_unexpected_state');
    if (invoice.status === 'void') throw invalidState(`Invoice ${id} is void and cannot be paid.`, undefined, 'invoice_unexpected_state');
    if (invoice.status === 'draft') {
      invoice = (await finalizeWithAttempt(c, id, { attemptPayment: false })).invoice;
      if (invoice.status === 'paid') return { invoice, error: null };
    }
    if (input.paid_out_of_band) {
      if (input.payment_method !== undefined)
        throw invalidState('You cannot pass payment_method when paying an invoice out of band.', 'payment_method');
      return { invoice: await markInvoicePaid(c, invoice, { amountPaid: invoice.amount_remaining, outOfBand: true }), error: null };
    }
    const pm = input.payment_method
      ? await resolvePaymentMethod(c, input.payment_method, customerIdOf(invoice), 'payment_method', { at: c.clock.now() })
      : null;
    const begun = await beginInvoicePaymentAttempts(c, [{ invoice, paymentMethod: pm }]);
    if (begun.busy.length) throw alreadyPaying(id);
    deferAttempts(c.db, begun.attempts);
    return begun.settled.get(id) ?? { invoice, error: null, charging: true };
  });
  const mine = finished.find((f) => f.attempt.invoiceId === id);
  if (mine?.invoice) return mine.invoice;
  // The outcome is not known yet (or another process recorded it first): the invoice as it is now.
  if ('charging' in result) return { invoice: await loadInvoice(ctx.db, id), error: null };
  return result;
}

/** What Stripe answers (402, card_error) when paying an invoice needs the customer to authenticate. */
export const INVOICE_REQUIRES_ACTION = {
  code: 'invoice_payment_intent_requires_action',
  message:
    'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice. For more details see: https://docs.stripe.com/billing/subscriptions/overview#requires-action',
};

/** The intent of a failed attempt's charge when it waits for the customer to authenticate (3-D Secure), else null. */
export async function intentAwaitingAction(db: Db, chargeId: string): Promise<Stripe.PaymentIntent | null> {
  const charge = await loadCharge(db, chargeId);
  const piId = typeof charge.payment_intent === 'string' ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return null;
  const pi = await loadPaymentIntent(db, piId);
  return pi.status === 'requires_action' ? pi : null;
}
