// Invoice statuses and their transitions. Deleting is not a status: only drafts may be deleted.

import { stateMachine, type TransitionResult } from './state-machine.ts';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export const invoiceStatus = stateMachine<InvoiceStatus>('invoice', INVOICE_STATUSES, {
  draft: ['open'],
  open: ['paid', 'void', 'uncollectible'],
  uncollectible: ['paid', 'void'],
  paid: [],
  void: [],
});

export function transition(from: InvoiceStatus, to: InvoiceStatus): TransitionResult<InvoiceStatus> {
  return invoiceStatus.transition(from, to);
}

export function canDelete(status: InvoiceStatus): boolean {
  return status === 'draft';
}
