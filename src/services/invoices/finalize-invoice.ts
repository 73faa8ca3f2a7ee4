// Finalizes a draft: numbers it, applies the customer's balance, sets its due date, then pays it
// at once when nothing is due, or (charging automatically) attempts payment.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { applyCustomerBalance } from '../../domain/invoice-totals.ts';
import { loadCustomer, saveCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';
import { customerIdOf, daysUntilDue, loadInvoiceForUpdate, saveInvoice, type Invoice } from './invoice-store.ts';
import { recomputeInvoice } from './recompute-invoice.ts';
import { withStatus } from './invoice-status.ts';
import { markInvoicePaid } from './settle-invoice.ts';
import { attemptInvoicePayment, type PaymentAttempt } from './attempt-invoice-payment.ts';

const DAY = 86400;
/** Stripe's default when a send_invoice invoice names neither due_date nor days_until_due. */
const DEFAULT_DAYS_UNTIL_DUE = 30;

export async function finalizeInvoice(
  ctx: ServiceContext,
  id: string,
  opts: { attemptPayment?: boolean } = {},
): Promise<Stripe.Invoice> {
  return (await finalizeWithAttempt(ctx, id, opts)).invoice;
}

/** finalizeInvoice, also telling why the payment attempt failed (for the API's /finalize and /pay). */
export async function finalizeWithAttempt(
  ctx: ServiceContext,
  id: string,
  opts: { attemptPayment?: boolean; param?: string } = {},
): Promise<PaymentAttempt> {
  const draft = await loadInvoiceForUpdate(ctx.db, id, opts.param);
  const now = ctx.clock.now();
  let invoice: Invoice = withStatus(await recomputeInvoice(ctx.db, draft), 'open', 'finalize');

  let customer = await loadCustomer(ctx.db, customerIdOf(invoice), { forUpdate: true });
  const seq = customer.next_invoice_sequence ?? 1;
  customer = { ...customer, next_invoice_sequence: seq + 1 };
  await saveCustomer(ctx.db, customer);
  const number = `${customer.invoice_prefix}-${String(seq).padStart(4, '0')}`;

  // A balance in another currency cannot pay this invoice; it stays on the customer.
  const usable = customer.currency === null || customer.currency === invoice.currency ? customer.balance : 0;
  const balance = applyCustomerBalance(invoice.total, usable);
  if (balance.applied !== 0) {
    await adjustCustomerBalance(ctx, customer, {
      amount: balance.applied,
      type: 'applied_to_invoice',
      currency: invoice.currency,
      invoice: invoice.id,
      at: now,
    });
  }

  let due_date = invoice.due_date;
  if (invoice.collection_method === 'send_invoice' && due_date === null)
    due_date = now + ((await daysUntilDue(ctx.db, id)) ?? DEFAULT_DAYS_UNTIL_DUE) * DAY;

  invoice = {
    ...invoice,
    number,
    starting_balance: balance.starting_balance,
    ending_balance: balance.ending_balance,
    amount_due: balance.amount_due,
    amount_remaining: balance.amount_due,
    due_date,
    effective_at: now,
    automatically_finalizes_at: null,
    status_transitions: { ...invoice.status_transitions, finalized_at: now },
  };
  await saveInvoice(ctx.db, invoice);
  await recordEvent(ctx, 'invoice.finalized', invoice);

  if (invoice.amount_due === 0) return { invoice: await markInvoicePaid(ctx, invoice, { amountPaid: 0 }), error: null };
  if (invoice.collection_method === 'charge_automatically' && (opts.attemptPayment ?? true))
    return attemptInvoicePayment(ctx, invoice);
  return { invoice, error: null };
}
