// A draft invoice finalized, decided: totals recomputed from its lines, the customer's next
// number and tax ids as they are now, the customer's balance applied (credit pays what it covers;
// a balance owed is added), the due date of an invoice sent for payment, status open. What follows
// — paid at once when nothing is due, or a payment attempt — is for the caller, as `next` says.
// Pure: takes the loaded invoice, lines, discounts, customer and its tax ids, and `now`.
import type Stripe from 'stripe';
import { applyCustomerBalance, type InvoiceDiscount } from '../invoice-totals.ts';
import type { StoredLine } from './invoice-line.ts';
import { invoiceWithTotals } from './invoice-with-totals.ts';
import { withStatus } from './invoice-status-change.ts';
import type { DomainEvent } from './domain-event.ts';

const DAY = 86400;
/** Stripe's default when a send_invoice invoice names neither due_date nor days_until_due. */
export const DEFAULT_DAYS_UNTIL_DUE = 30;

export interface FinalizationInput {
  invoice: Stripe.Invoice;
  lines: StoredLine[];
  invoiceDiscounts: InvoiceDiscount[];
  lineDiscounts: ReadonlyMap<string, InvoiceDiscount>;
  customer: Stripe.Customer;
  /** The customer's tax ids at this moment: the finalized invoice keeps them. */
  customerTaxIds: Stripe.Invoice.CustomerTaxId[];
  /** The days_until_due the invoice was created with (Stripe keeps it off the object). */
  daysUntilDue: number | null;
}

export interface Finalization {
  invoice: Stripe.Invoice;
  /** Lines whose discounts or taxes moved since the draft was last computed. */
  changedLines: StoredLine[];
  /** The customer with its invoice sequence moved on (its balance is the caller's, see balanceChange). */
  customer: Stripe.Customer;
  /** The change to the customer's balance: nonzero when its balance went into the invoice. */
  balanceChange: number;
  /** paid: nothing is due; collect: charge the payment method now; wait: the customer pays. */
  next: 'paid' | 'collect' | 'wait';
  events: DomainEvent[];
}

export function invoiceNumber(customer: Stripe.Customer, seq: number): string {
  return `${customer.invoice_prefix}-${String(seq).padStart(4, '0')}`;
}

export function finalizeInvoice(input: FinalizationInput, now: number, opts: { attemptPayment: boolean } = { attemptPayment: true }): Finalization {
  const totals = invoiceWithTotals(input.invoice, input.lines, input.invoiceDiscounts, input.lineDiscounts);
  let invoice = withStatus(totals.invoice, 'open', 'finalize');
  const c = input.customer;
  const seq = c.next_invoice_sequence ?? 1;
  // A customer without a currency takes their first finalized invoice's, as Stripe sets it from the first billing.
  const customer = { ...c, next_invoice_sequence: seq + 1, currency: c.currency ?? invoice.currency };

  // A balance in another currency cannot pay this invoice; it stays on the customer.
  const usable = c.currency === null || c.currency === invoice.currency ? c.balance : 0;
  const balance = applyCustomerBalance(invoice.total, usable);

  let due_date = invoice.due_date;
  if (invoice.collection_method === 'send_invoice' && due_date === null) due_date = now + (input.daysUntilDue ?? DEFAULT_DAYS_UNTIL_DUE) * DAY;

  invoice = {
    ...invoice,
    number: invoiceNumber(c, seq),
    starting_balance: balance.starting_balance,
    ending_balance: balance.ending_balance,
    amount_due: balance.amount_due,
    amount_remaining: balance.amount_due,
    due_date,
    customer_tax_ids: input.customerTaxIds,
    effective_at: now,
    automatically_finalizes_at: null,
    status_transitions: { ...invoice.status_transitions, finalized_at: now },
  };
  const next = invoice.amount_due === 0 ? 'paid' : invoice.collection_method === 'charge_automatically' && opts.attemptPayment ? 'collect' : 'wait';
  return {
    invoice,
    changedLines: totals.changed,
    customer,
    balanceChange: balance.applied,
    next,
    events: [{ type: 'invoice.finalized', object: invoice }],
  };
}
