// Which email an event produces: one rule per event type, each returning the message's content
// (or nothing). To add a message, add its rule here, its type to the email_event_types table (a
// migration) and its name to EMAIL_MESSAGES; a test checks that the rules and the table agree.
import type Stripe from 'stripe';
import type { EmailContent, EmailDraft, EmailMessage } from './email-message.ts';
import { invoiceSent, paymentActionRequired, paymentFailed, receipt } from './invoice-messages.ts';
import { subscriptionCanceled, trialWillEnd } from './subscription-messages.ts';
import { refundIssued } from './refund-message.ts';
import { renderHtml, renderText } from './render-email.ts';
import { webhookEndpointDisabled } from './webhook-endpoint-message.ts';

/** The parts of a recorded event the rules read. */
export interface EmailEvent {
  id: string;
  type: string;
  created: number;
  data: { object: any; previous_attributes?: Record<string, any> };
}

interface RuleOutcome {
  content: EmailContent;
  /** An address the object itself names, used when the customer has none. */
  email?: string | null;
  /** Account notices go to the account's owner, not to a customer. */
  to?: 'owner';
}

type EmailRule = (event: EmailEvent, account: string) => RuleOutcome | null;

const invoiceOf = (e: EmailEvent) => e.data.object as Stripe.Invoice;
const subscriptionOf = (e: EmailEvent) => e.data.object as Stripe.Subscription;

export const EMAIL_RULES: Record<string, EmailRule> = {
  // A send_invoice invoice goes to the customer when it is finalized (as Stripe emails it)…
  'invoice.finalized': (e, account) => {
    const invoice = invoiceOf(e);
    return invoice.collection_method === 'send_invoice' ? { content: invoiceSent(invoice, account), email: invoice.customer_email } : null;
  },
  // …and again each time it is sent by hand, unless that send is what finalized it just now.
  'invoice.sent': (e, account) => {
    const invoice = invoiceOf(e);
    const finalizedBySending = invoice.collection_method === 'send_invoice' && invoice.status_transitions?.finalized_at === e.created;
    return finalizedBySending ? null : { content: invoiceSent(invoice, account), email: invoice.customer_email };
  },
  'invoice.paid': (e, account) => {
    const invoice = invoiceOf(e);
    return invoice.amount_paid > 0 ? { content: receipt(invoice, account), email: invoice.customer_email } : null;
  },
  'invoice.payment_failed': (e, account) => ({ content: paymentFailed(invoiceOf(e), account), email: invoiceOf(e).customer_email }),
  'invoice.payment_action_required': (e, account) => ({
    content: paymentActionRequired(invoiceOf(e), account),
    email: invoiceOf(e).customer_email,
  }),
  'customer.subscription.trial_will_end': (e, account) => ({ content: trialWillEnd(subscriptionOf(e), account) }),
  'customer.subscription.deleted': (e, account) => ({ content: subscriptionCanceled(subscriptionOf(e), account) }),
  // Stripe records charge.refunded for every refund (refund.created too, once refunds exist: one
  // rule is enough, and this one knows the card).
  'charge.refunded': (e, account) => {
    const charge = e.data.object as Stripe.Charge;
    const before = e.data.previous_attributes?.amount_refunded;
    const refunded = typeof before === 'number' ? charge.amount_refunded - before : charge.amount_refunded;
    if (refunded <= 0) return null;
    return { content: refundIssued(charge, refunded, account), email: charge.receipt_email ?? charge.billing_details?.email };
  },
  // Recorded by webhook delivery when an endpoint has failed for 3 days; `created` is when it was disabled.
  'recur.webhook_endpoint.disabled': (e, account) => {
    const endpoint = e.data.object as { id: string; url: string };
    return { content: webhookEndpointDisabled({ id: endpoint.id, url: endpoint.url, disabledAt: e.created }, account), to: 'owner' };
  },
};

export interface EmailAudience {
  accountName: string;
  /** The message's switch in the account's settings. */
  enabled(message: EmailMessage): boolean;
  /** The email of the customer the event is about, if any. */
  customerEmail: string | null;
  /** Who receives account notices (the owner_email setting). */
  ownerEmail: string | null;
}

/** The email an event produces, rendered, or null (no rule, the rule says no, switched off, nobody to send to). */
export function emailForEvent(event: EmailEvent, audience: EmailAudience): EmailDraft | null {
  const outcome = EMAIL_RULES[event.type]?.(event, audience.accountName);
  if (!outcome || !audience.enabled(outcome.content.message)) return null;
  const to = outcome.to === 'owner' ? audience.ownerEmail : (audience.customerEmail ?? outcome.email ?? null);
  return to ? draft(outcome.content, to, audience.accountName) : null;
}

function draft(content: EmailContent, to: string, accountName: string): EmailDraft {
  return { message: content.message, to, subject: content.subject, text: renderText(content, accountName), html: renderHtml(content, accountName) };
}
