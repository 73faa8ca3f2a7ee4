// What the customer is told about an invoice: sent for payment, paid, payment failed, action needed.
import type Stripe from 'stripe';
import type { EmailContent } from './email-message.ts';
import { formatDate, formatMoney } from './format.ts';

const label = (invoice: Stripe.Invoice) => (invoice.number ? `invoice ${invoice.number}` : 'your invoice');

function invoiceDetails(invoice: Stripe.Invoice, amount: [string, number]): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  if (invoice.number) rows.push(['Invoice number', invoice.number]);
  rows.push([amount[0], formatMoney(amount[1], invoice.currency)]);
  return rows;
}

export function invoiceSent(invoice: Stripe.Invoice, account: string): EmailContent {
  const due = formatMoney(invoice.amount_due, invoice.currency);
  const details = invoiceDetails(invoice, ['Amount due', invoice.amount_due]);
  if (invoice.due_date) details.push(['Due date', formatDate(invoice.due_date)]);
  return {
    message: 'invoice_sent',
    subject: `New invoice from ${account}${invoice.number ? ` #${invoice.number}` : ''}`,
    paragraphs: [
      `${account} sent you ${label(invoice)} for ${due}${invoice.due_date ? `, due ${formatDate(invoice.due_date)}` : ''}.`,
    ],
    details,
    action: invoice.hosted_invoice_url ? { label: 'View and pay invoice', url: invoice.hosted_invoice_url } : undefined,
  };
}

export function receipt(invoice: Stripe.Invoice, account: string): EmailContent {
  const paid = formatMoney(invoice.amount_paid, invoice.currency);
  const details = invoiceDetails(invoice, ['Amount paid', invoice.amount_paid]);
  if (invoice.status_transitions?.paid_at) details.push(['Date paid', formatDate(invoice.status_transitions.paid_at)]);
  return {
    message: 'receipt',
    subject: `Your receipt from ${account}${invoice.number ? ` #${invoice.number}` : ''}`,
    paragraphs: [`Thank you. ${account} received your payment of ${paid} for ${label(invoice)}.`],
    details,
    action: invoice.hosted_invoice_url ? { label: 'View invoice', url: invoice.hosted_invoice_url } : undefined,
  };
}

export function paymentFailed(invoice: Stripe.Invoice, account: string): EmailContent {
  const due = formatMoney(invoice.amount_remaining, invoice.currency);
  const retry = invoice.next_payment_attempt
    ? `We will try again on ${formatDate(invoice.next_payment_attempt)}.`
    : 'No further attempt is scheduled.';
  return {
    message: 'payment_failed',
    subject: `Your payment of ${due} to ${account} failed`,
    paragraphs: [
      `We could not charge your payment method ${due} for ${label(invoice)}. ${retry}`,
      'To keep your subscription, pay the invoice now or update your card.',
    ],
    details: invoiceDetails(invoice, ['Amount due', invoice.amount_remaining]),
    action: invoice.hosted_invoice_url ? { label: 'Pay invoice or update card', url: invoice.hosted_invoice_url } : undefined,
  };
}

export function paymentActionRequired(invoice: Stripe.Invoice, account: string): EmailContent {
  const due = formatMoney(invoice.amount_remaining, invoice.currency);
  return {
    message: 'payment_action_required',
    subject: `Confirm your payment of ${due} to ${account}`,
    paragraphs: [
      `Your bank asks you to confirm the payment of ${due} for ${label(invoice)} (3-D Secure).`,
      'The payment is not complete until you confirm it.',
    ],
    details: invoiceDetails(invoice, ['Amount due', invoice.amount_remaining]),
    action: invoice.hosted_invoice_url ? { label: 'Confirm payment', url: invoice.hosted_invoice_url } : undefined,
  };
}
