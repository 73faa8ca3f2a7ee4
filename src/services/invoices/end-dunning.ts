// The end of an invoice's dunning (its retries ran out, or a send_invoice invoice stayed unpaid
// past its due date for the configured days): the invoice becomes what the account's policy says
// (uncollectible, or left open), then the invoice's subscription follows (a hook: cancel, unpaid,
// or left past_due).
import type { ServiceContext } from '../../core/context.ts';
import { loadDunningPolicy } from '../../store/billing-settings-store.ts';
import type { Invoice } from './invoice-store.ts';
import { markInvoiceUncollectible } from './mark-invoice-uncollectible.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';

/** Applies the policy to invoices whose dunning ended at ctx's instant; returns them as they end. */
export async function endDunning(ctx: ServiceContext, invoices: Invoice[]): Promise<Invoice[]> {
  if (!invoices.length) return [];
  const policy = await loadDunningPolicy(ctx.db);
  const ended: Invoice[] = [];
  for (const invoice of invoices) {
    const uncollectible = policy.invoice_action === 'mark_uncollectible' && invoice.status === 'open';
    ended.push(uncollectible ? await markInvoiceUncollectible(ctx, invoice.id) : invoice);
  }
  await runInvoiceHooks(ctx, 'dunningEnded', ended);
  return ended;
}
