// The engine's work on an invoice at its next_action_at: a draft that finalizes itself is
// finalized (and charged), an open invoice whose retry has come is charged again, an open
// send_invoice invoice past its due date goes through its overdue steps. Saving the
// invoice moves next_action_at to what is due next, or clears it.
import type { ServiceContext } from '../../core/context.ts';
import { loadInvoiceForUpdate, nextActionAt, saveInvoice } from './invoice-store.ts';
import { finalizeInvoice } from './finalize-invoice.ts';
import { attemptInvoicePayment } from './attempt-invoice-payment.ts';
import { processOverdueInvoice } from './process-overdue-invoice.ts';

export async function processInvoiceDue(ctx: ServiceContext, id: string): Promise<void> {
  const invoice = await loadInvoiceForUpdate(ctx.db, id);
  const now = ctx.clock.now();
  const due = nextActionAt(invoice);
  if (due !== null && due <= now) {
    if (invoice.status === 'draft') {
      await finalizeInvoice(ctx, id, { attemptPayment: true });
      return;
    }
    if (invoice.status === 'open' && invoice.collection_method === 'send_invoice' && invoice.due_date !== null) {
      await processOverdueInvoice(ctx, { ...invoice, due_date: invoice.due_date });
      return;
    }
    if (invoice.status === 'open' && invoice.amount_remaining > 0) {
      await attemptInvoicePayment(ctx, invoice);
      return;
    }
  }
  // Nothing to do now (the invoice changed since it was scheduled): re-save to reschedule.
  const stale = due !== null && due <= now;
  await saveInvoice(ctx.db, stale ? { ...invoice, next_payment_attempt: null, automatically_finalizes_at: null } : invoice);
}
