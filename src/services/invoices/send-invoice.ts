// Sends an invoice to the customer for payment (a draft is finalized first). Delivery is the
// email layer's: here the invoice.sent event is what it reads.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadInvoiceForUpdate } from './invoice-store.ts';
import { finalizeInvoice } from './finalize-invoice.ts';

export async function sendInvoice(ctx: ServiceContext, id: string): Promise<Stripe.Invoice> {
  let invoice = await loadInvoiceForUpdate(ctx.db, id);
  if (invoice.status === 'draft') invoice = await finalizeInvoice(ctx, id, { attemptPayment: false });
  else if (invoice.status !== 'open')
    throw invalidState(`You can only send open invoices; invoice ${id} is ${invoice.status}.`, undefined, 'invoice_unexpected_state');
  await recordEvent(ctx, 'invoice.sent', invoice);
  return invoice;
}
