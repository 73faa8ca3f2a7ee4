// Voids a finalized invoice that was not paid: nothing more is owed on it, and any customer
// balance it consumed (or credited) is given back.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';
import { customerIdOf, loadInvoiceForUpdate, saveInvoice } from './invoice-store.ts';
import { withStatus } from '../../domain/billing/invoice-status-change.ts';
import { changed } from './settle-invoice.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';

export async function voidInvoice(ctx: ServiceContext, id: string): Promise<Stripe.Invoice> {
  const before = await loadInvoiceForUpdate(ctx.db, id);
  const now = ctx.clock.now();
  const voided: Stripe.Invoice = {
    ...withStatus(before, 'void', 'void'),
    amount_remaining: 0,
    next_payment_attempt: null,
    status_transitions: { ...before.status_transitions, voided_at: now },
  };
  const applied = (before.ending_balance ?? before.starting_balance) - before.starting_balance;
  if (applied !== 0) {
    const customer = await loadCustomer(ctx.db, customerIdOf(before), { forUpdate: true });
    await adjustCustomerBalance(ctx, customer, {
      amount: -applied,
      type: 'unapplied_from_invoice',
      currency: before.currency,
      invoice: id,
    });
  }
  await saveInvoice(ctx.db, voided);
  await recordEvent(ctx, 'invoice.updated', voided, { previousAttributes: changed(before, voided) });
  await recordEvent(ctx, 'invoice.voided', voided);
  await runInvoiceHooks(ctx, 'voided', voided);
  return voided;
}
