// Every invoice status change goes through the domain's state machine; a refused transition is
// the 400 Stripe gives for acting on an invoice in the wrong state.
import type Stripe from 'stripe';
import { transition } from '../../domain/state-machines/invoice-status.ts';
import { invalidState } from '../../core/errors.ts';

type Status = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible';

export function withStatus(invoice: Stripe.Invoice, to: Status, action: string): Stripe.Invoice {
  const r = transition(invoice.status as Status, to);
  if (!r.ok)
    throw invalidState(
      `You cannot ${action} invoice ${invoice.id} because its status is ${invoice.status}${'reason' in r && r.reason ? ` (${r.reason})` : ''}.`,
      undefined,
      'invoice_unexpected_state',
    );
  return { ...invoice, status: r.status as Status };
}
