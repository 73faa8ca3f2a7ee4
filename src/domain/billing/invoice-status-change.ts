// Every invoice status change goes through the invoice state machine; a refused transition is
// the 400 Stripe gives for acting on an invoice in the wrong state.
import type Stripe from 'stripe';
import { invalidState } from '../../core/errors.ts';
import { transition, type InvoiceStatus } from '../state-machines/invoice-status.ts';

export function withStatus(invoice: Stripe.Invoice, to: InvoiceStatus, action: string): Stripe.Invoice {
  const r = transition(invoice.status as InvoiceStatus, to);
  if (!r.ok)
    throw invalidState(
      `You cannot ${action} invoice ${invoice.id} because its status is ${invoice.status}${'reason' in r && r.reason ? ` (${r.reason})` : ''}.`,
      undefined,
      'invoice_unexpected_state',
    );
  return { ...invoice, status: r.status };
}
