// Moving an open invoice to paid: the amounts, status transition, events and hooks, shared by
// finalization of a $0 invoice, a successful payment and payment out of band.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { saveInvoice, type Invoice } from './invoice-store.ts';
import { withStatus } from '../../domain/billing/invoice-status-change.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';

export async function markInvoicePaid(
  ctx: ServiceContext,
  invoice: Invoice,
  opts: { amountPaid: number; outOfBand?: boolean; action?: string },
): Promise<Invoice> {
  const before = invoice;
  const paid = paidInvoice(invoice, opts, ctx.clock.now());
  await saveInvoice(ctx.db, paid);
  await recordEvent(ctx, 'invoice.updated', paid, { previousAttributes: changed(before, paid) });
  await recordEvent(ctx, 'invoice.paid', paid);
  await recordEvent(ctx, 'invoice.payment_succeeded', paid);
  await runInvoiceHooks(ctx, 'paid', paid);
  return paid;
}

/** The invoice paid at `now` (pure). */
export function paidInvoice(invoice: Invoice, opts: { amountPaid: number; outOfBand?: boolean; action?: string }, now: number): Invoice {
  const paid: Invoice = withStatus(invoice, 'paid', opts.action ?? 'pay');
  return {
    ...paid,
    amount_paid: invoice.amount_paid + opts.amountPaid,
    amount_remaining: 0,
    next_payment_attempt: null,
    ...(opts.outOfBand ? { amount_paid_off_stripe: (invoice.amount_paid_off_stripe ?? 0) + opts.amountPaid } : {}),
    status_transitions: { ...invoice.status_transitions, paid_at: now },
  };
}

/** previous_attributes for an invoice.updated event (lines and payments envelopes left out). */
export function changed(before: Invoice, after: Invoice): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const k of Object.keys(after) as Array<keyof Stripe.Invoice>) {
    if (k === 'lines' || k === 'payments') continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) prev[k] = before[k] === undefined ? null : before[k];
  }
  return prev;
}
