// Deletes a draft invoice: its lines go with it, and the invoice items it had taken become
// pending again.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadInvoiceForUpdate } from './invoice-store.ts';

export async function deleteDraftInvoice(ctx: ServiceContext, id: string): Promise<Stripe.DeletedInvoice> {
  const invoice = await loadInvoiceForUpdate(ctx.db, id);
  if (invoice.status !== 'draft')
    throw invalidState(`You can only delete draft invoices; invoice ${id} is ${invoice.status}. Void it instead.`, undefined, 'invoice_not_editable');
  await ctx.db.query(
    `UPDATE invoice_items SET data = jsonb_set(data, '{invoice}', 'null') WHERE invoice_id = $1`,
    [id],
  );
  await ctx.db.query('DELETE FROM discounts WHERE invoice_id = $1', [id]);
  await ctx.db.query('DELETE FROM invoices WHERE id = $1', [id]);
  await recordEvent(ctx, 'invoice.deleted', invoice);
  return { id, object: 'invoice', deleted: true };
}
