// Pays an invoice now: out of band (recorded, nothing charged) or by charging a payment method.
// A draft is finalized first; an uncollectible invoice can still be paid.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { customerIdOf, loadInvoiceForUpdate } from './invoice-store.ts';
import { finalizeWithAttempt } from './finalize-invoice.ts';
import { markInvoicePaid } from './settle-invoice.ts';
import { attemptInvoicePayment, type PaymentAttempt } from './attempt-invoice-payment.ts';

export interface PayInvoiceInput {
  paid_out_of_band?: boolean;
  payment_method?: string;
}

export async function payInvoice(ctx: ServiceContext, id: string, input: PayInvoiceInput = {}): Promise<Stripe.Invoice> {
  return (await payInvoiceWithAttempt(ctx, id, input)).invoice;
}

/** payInvoice, also telling why a charge failed (the API answers a decline with a card error). */
export async function payInvoiceWithAttempt(ctx: ServiceContext, id: string, input: PayInvoiceInput = {}): Promise<PaymentAttempt> {
  let invoice = await loadInvoiceForUpdate(ctx.db, id);
  if (invoice.status === 'paid') throw invalidState(`Invoice ${id} is already paid.`, undefined, 'invoice_unexpected_state');
  if (invoice.status === 'void') throw invalidState(`Invoice ${id} is void and cannot be paid.`, undefined, 'invoice_unexpected_state');
  if (invoice.status === 'draft') {
    invoice = (await finalizeWithAttempt(ctx, id, { attemptPayment: false })).invoice;
    if (invoice.status === 'paid') return { invoice, error: null };
  }
  if (input.paid_out_of_band) {
    if (input.payment_method !== undefined)
      throw invalidState('You cannot pass payment_method when paying an invoice out of band.', 'payment_method');
    return { invoice: await markInvoicePaid(ctx, invoice, { amountPaid: invoice.amount_remaining, outOfBand: true }), error: null };
  }
  const pm = input.payment_method
    ? (await resolvePaymentMethod(ctx, input.payment_method, customerIdOf(invoice), 'payment_method', { at: ctx.clock.now() })).id
    : null;
  return attemptInvoicePayment(ctx, invoice, { paymentMethodId: pm });
}
