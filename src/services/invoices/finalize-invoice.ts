// Finalizes a draft: loads it with its lines, discounts and customer, lets the domain decide
// (number, totals, balance, due date), saves, then pays it at once when nothing is due or
// (charging automatically) attempts payment.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { finalizeInvoice as decideFinalization } from '../../domain/billing/finalize-invoice.ts';
import { loadCustomer, saveCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';
import { customerIdOf, daysUntilDue, loadInvoiceForUpdate, saveInvoice, saveLine } from './invoice-store.ts';
import { loadTotalsInput } from './recompute-invoice.ts';
import { remeterDraftLines } from '../meters/remeter-draft-lines.ts';
import { applyCreditGrants } from '../credit-grants/apply-credit-grants.ts';
import { markInvoicePaid } from './settle-invoice.ts';
import { attemptInvoicePayment, type PaymentAttempt } from './attempt-invoice-payment.ts';
import { customerTaxIdsOf } from '../../store/tax-id-store.ts';

export async function finalizeInvoice(
  ctx: ServiceContext,
  id: string,
  opts: { attemptPayment?: boolean } = {},
): Promise<Stripe.Invoice> {
  return (await finalizeWithAttempt(ctx, id, opts)).invoice;
}

/** finalizeInvoice, also telling why the payment attempt failed (for the API's /finalize and /pay). */
export async function finalizeWithAttempt(
  ctx: ServiceContext,
  id: string,
  opts: { attemptPayment?: boolean; param?: string } = {},
): Promise<PaymentAttempt> {
  const draft = await loadInvoiceForUpdate(ctx.db, id, opts.param);
  const now = ctx.clock.now();
  const totals = await loadTotalsInput(ctx.db, draft);
  totals.lines = (await remeterDraftLines(ctx.usage, ctx.db, [{ invoice: draft, lines: totals.lines }])).get(draft.id)!;
  totals.lines = (await applyCreditGrants(ctx, ctx.db, [{ invoice: draft, ...totals, at: now }])).get(draft.id)!;
  const customer = await loadCustomer(ctx.db, customerIdOf(draft), { forUpdate: true });
  const customerTaxIds = await customerTaxIdsOf(ctx.db, customer.id);
  const sendsInvoice = draft.collection_method === 'send_invoice' && draft.due_date === null;
  const f = decideFinalization(
    { invoice: draft, ...totals, customer, customerTaxIds, daysUntilDue: sendsInvoice ? await daysUntilDue(ctx.db, id) : null },
    now,
    { attemptPayment: opts.attemptPayment ?? true },
  );
  for (const l of f.changedLines) await saveLine(ctx.db, l);
  await saveCustomer(ctx.db, f.customer);
  if (f.balanceChange !== 0)
    await adjustCustomerBalance(ctx, f.customer, {
      amount: f.balanceChange,
      type: 'applied_to_invoice',
      currency: f.invoice.currency,
      invoice: f.invoice.id,
      at: now,
    });
  const invoice = f.invoice;
  await saveInvoice(ctx.db, invoice);
  for (const e of f.events) await recordEvent(ctx, e.type, e.object);

  if (f.next === 'paid') return { invoice: await markInvoicePaid(ctx, invoice, { amountPaid: 0 }), error: null };
  if (f.next === 'collect') return attemptInvoicePayment(ctx, invoice);
  return { invoice, error: null };
}
