// Changing an issued credit note: its memo and metadata, or voiding it — which gives the invoice
// back what the credit note took off it and takes back a balance credit. A credit note whose money
// went back to the card cannot be voided (the refund cannot be undone).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { previousAttributes } from '../../core/previous-attributes.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { invoiceAfterCreditNote } from '../../domain/credit-notes/credit-note-plan.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';
import { loadInvoice, saveInvoice } from '../invoices/invoice-store.ts';
import { changed } from '../invoices/settle-invoice.ts';
import { loadCreditNote, saveCreditNote } from './credit-note-store.ts';

const customerOf = (cn: Stripe.CreditNote): string => (typeof cn.customer === 'string' ? cn.customer : cn.customer.id);

export async function updateCreditNote(ctx: ServiceContext, id: string, input: { memo?: string | null; metadata?: MetadataInput }): Promise<Stripe.CreditNote> {
  const before = await loadCreditNote(ctx.db, id, { forUpdate: true });
  const after: Stripe.CreditNote = {
    ...before,
    memo: input.memo === undefined ? before.memo : input.memo,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
  };
  await saveCreditNote(ctx.db, after);
  const tx = await contextForCustomer(ctx, await loadCustomer(ctx.db, customerOf(after)));
  await recordEvent(tx, 'credit_note.updated', after, { customerId: customerOf(after), previousAttributes: previousAttributes(before, after) });
  return after;
}

export async function voidCreditNote(ctx: ServiceContext, id: string): Promise<Stripe.CreditNote> {
  const before = await loadCreditNote(ctx.db, id, { forUpdate: true });
  if (before.status !== 'issued') throw invalidState(`Credit note ${id} is already void.`, undefined, 'credit_note_invalid_state');
  if (before.refunds.length) throw invalidState(`Credit note ${id} refunded money to the card and cannot be voided.`, undefined, 'credit_note_invalid_state');
  const invoiceId = typeof before.invoice === 'string' ? before.invoice : before.invoice.id;
  const invoice = await loadInvoice(ctx.db, invoiceId, 'invoice', { forUpdate: true });
  if (before.pre_payment_amount > 0 && invoice.status !== 'open')
    throw invalidState(`Credit note ${id} lowered invoice ${invoice.id}, which is now ${invoice.status}; it cannot be voided.`, undefined, 'credit_note_invalid_state');
  const customer = await loadCustomer(ctx.db, customerOf(before), { forUpdate: true });
  const tx = await contextForCustomer(ctx, customer);
  const at = tx.clock.now();
  const after: Stripe.CreditNote = { ...before, status: 'void', voided_at: at };
  if (before.customer_balance_transaction) {
    const rows = await ctx.db.query('SELECT data FROM customer_balance_transactions WHERE id = $1', [before.customer_balance_transaction]);
    const credited = -(rows[0].data as Stripe.CustomerBalanceTransaction).amount;
    await adjustCustomerBalance(tx, customer, { amount: credited, type: 'credit_note', currency: before.currency, credit_note: id, invoice: invoice.id, at });
  }
  await saveCreditNote(ctx.db, after);
  const opts = { at, customerId: customerOf(after) };
  await recordEvent(tx, 'credit_note.voided', after, opts);
  const invoiceAfter = invoiceAfterCreditNote(invoice, before, -1);
  await saveInvoice(ctx.db, invoiceAfter);
  await recordEvent(tx, 'invoice.updated', invoiceAfter, { ...opts, previousAttributes: changed(invoice, invoiceAfter) });
  return after;
}
