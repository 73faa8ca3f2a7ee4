// Where other services react to an invoice's status changes (a subscription becomes active when
// its invoice is paid, past_due when payment fails…). Hooks run inside the same transaction,
// right after the change is saved and its events recorded.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../api/route.ts';

export type Hook = (ctx: ServiceContext, invoice: Stripe.Invoice) => Promise<void>;

export const invoiceHooks: { paid: Hook[]; paymentFailed: Hook[]; voided: Hook[]; markedUncollectible: Hook[] } = {
  paid: [],
  paymentFailed: [],
  voided: [],
  markedUncollectible: [],
};

export async function runInvoiceHooks(ctx: ServiceContext, kind: keyof typeof invoiceHooks, invoice: Stripe.Invoice): Promise<void> {
  for (const hook of invoiceHooks[kind]) await hook(ctx, invoice);
}
