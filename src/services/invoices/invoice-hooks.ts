// Where other services react to an invoice's status changes (a subscription becomes active when
// its invoice is paid, past_due when payment fails…). The reactions are wired by the composition
// root into ctx.hooks; they run inside the same transaction, right after the change is saved.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';

const KINDS = {
  paid: 'invoicePaid',
  paymentFailed: 'invoicePaymentFailed',
  voided: 'invoiceVoided',
  markedUncollectible: 'invoiceMarkedUncollectible',
  dunningEnded: 'invoiceDunningEnded',
} as const satisfies Record<string, keyof BillingHooks>;

/** Runs the hooks of `kind` for one invoice, or for many that changed together (one call each). */
export async function runInvoiceHooks(ctx: ServiceContext, kind: keyof typeof KINDS, invoices: Stripe.Invoice | Stripe.Invoice[]): Promise<void> {
  const list = Array.isArray(invoices) ? invoices : [invoices];
  if (!list.length) return;
  for (const hook of ctx.hooks[KINDS[kind]]) await hook(ctx, list);
}
