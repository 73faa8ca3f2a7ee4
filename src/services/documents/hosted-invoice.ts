// Paying one invoice from its hosted page: the card entered is attached to the invoice's customer
// and charged for what remains; nothing else of the customer's is reachable from the page.
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { createPaymentMethod } from '../payment-methods/create-payment-method.ts';
import { attachPaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { payInvoiceNow } from '../invoices/pay-invoice.ts';

export async function payHostedInvoice(ctx: ServiceContext, invoiceId: string, card: { number: string; exp_month: number; exp_year: number; cvc?: string }) {
  const rows = await ctx.db.query('SELECT status, customer_id FROM invoices WHERE id = $1', [invoiceId]);
  if (!rows[0] || rows[0].status === 'draft') throw resourceMissing('invoice', invoiceId);
  if (rows[0].status !== 'open') throw invalidRequest(`This invoice is ${rows[0].status}; there is nothing to pay.`, 'invoice');
  const pm = await ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const made = await createPaymentMethod(tx, { type: 'card', card } as any);
    await attachPaymentMethod(tx, made.id, rows[0].customer_id);
    return made;
  });
  return payInvoiceNow(ctx, invoiceId, { payment_method: pm.id });
}
