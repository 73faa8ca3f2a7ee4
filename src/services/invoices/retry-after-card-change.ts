// A customer's (or a subscription's) new default payment method: their open invoices in dunning
// are scheduled for an attempt now, which the engine makes as due work (not inside the request
// that changed the card: no transaction spans a gateway call). On a test clock it runs when the
// clock next advances.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invoicesToRetry, retryNow } from '../../domain/dunning/card-fix-retry.ts';
import { saveInvoice } from './invoice-store.ts';

export async function retryAfterCardChange(
  ctx: ServiceContext,
  customerId: string,
  opts: { subscriptionId?: string; paymentMethod?: string } = {},
): Promise<number> {
  const rows = await ctx.db.query(
    `SELECT data FROM invoices WHERE customer_id = $1 AND status = 'open'${opts.subscriptionId ? ' AND subscription_id = $2' : ''} ORDER BY id FOR UPDATE`,
    opts.subscriptionId ? [customerId, opts.subscriptionId] : [customerId],
  );
  const now = ctx.clock.now();
  const due = invoicesToRetry(rows.map((r) => r.data as Stripe.Invoice));
  for (const invoice of due) await saveInvoice(ctx.db, retryNow(invoice, now, opts.paymentMethod));
  return due.length;
}
