// Issuing a credit note: load the invoice, its lines and what its charge can still refund, decide
// through planCreditNote, then — outside any transaction — refund the card through the refund
// path (its own three phases), and record the credit note, the invoice's new amounts and any
// balance credit in one transaction. A preview decides the same way and persists nothing.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { invoiceAfterCreditNote, planCreditNote, type CreditNotePlan, type CreditNoteRequest } from '../../domain/credit-notes/credit-note-plan.ts';
import { refundableAmount } from '../../domain/refunds/refunds.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import type { Db } from '../../store/db.ts';
import { getObject } from '../../store/objects.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';
import { customerIdOf, loadInvoice, loadLines, saveInvoice, type Invoice } from '../invoices/invoice-store.ts';
import { changed, markInvoicePaid } from '../invoices/settle-invoice.ts';
import { createRefund } from '../refunds/create-refund.ts';
import { loadRefundsOfCharge } from '../refunds/refund-store.ts';
import { countCreditNotesOf, insertCreditNote, linesEnvelopeOf, saveCreditNote } from './credit-note-store.ts';
import { voidCreditNote } from './change-credit-note.ts';

export interface CreateCreditNoteInput extends CreditNoteRequest {
  invoice: string;
  reason?: Stripe.CreditNote.Reason;
  memo?: string;
  metadata?: Record<string, string>;
  /** When the credit note takes effect (default: when it is issued). */
  effective_at?: number;
}

/** The invoice's successful charge (the one a refund goes back to), if it has one. */
async function chargeOfInvoice(db: Db, invoice: Invoice): Promise<Stripe.Charge | null> {
  const rows = await db.query(
    `SELECT pi.data->>'latest_charge' AS charge FROM invoice_payments p JOIN payment_intents pi ON pi.id = p.data->'payment'->>'payment_intent'
      WHERE p.invoice_id = $1 AND p.data->>'status' = 'paid' ORDER BY p.seq DESC LIMIT 1`,
    [invoice.id],
  );
  return rows[0]?.charge ? getObject<Stripe.Charge>(db, 'charges', rows[0].charge) : null;
}

const refundReason = (r: Stripe.CreditNote.Reason | undefined): 'duplicate' | 'fraudulent' | 'requested_by_customer' =>
  r === 'duplicate' ? 'duplicate' : r === 'fraudulent' ? 'fraudulent' : 'requested_by_customer';

interface Decided {
  invoice: Invoice;
  plan: CreditNotePlan;
  charge: Stripe.Charge | null;
}

async function decide(db: Db, input: CreateCreditNoteInput, opts: { forUpdate?: boolean } = {}): Promise<Decided> {
  const invoice = await loadInvoice(db, input.invoice, 'invoice', { forUpdate: opts.forUpdate });
  const charge = await chargeOfInvoice(db, invoice);
  const refundable = charge ? refundableAmount(charge, await loadRefundsOfCharge(db, charge.id)) : 0;
  const lines = (await loadLines(db, invoice.id)).map((s) => s.line);
  const r = planCreditNote({ invoice, lines, refundable }, input);
  if (!r.ok) throw invalidRequest(r.message, r.param);
  return { invoice, plan: r.plan, charge };
}

function creditNoteOf(ctx: ServiceContext, d: Decided, input: CreateCreditNoteInput, at: number, number: string, id = ctx.ids.next('cn')) {
  const lines: Stripe.CreditNoteLineItem[] = d.plan.lines.map((l) => ({ id: ctx.ids.next('cnli'), ...l }));
  const cn: Stripe.CreditNote = {
    id,
    object: 'credit_note',
    amount: d.plan.total,
    amount_shipping: 0,
    created: at,
    currency: d.invoice.currency,
    customer: customerIdOf(d.invoice),
    customer_account: null,
    customer_balance_transaction: null,
    discount_amount: d.plan.discount_amount,
    discount_amounts: d.plan.discount_amounts,
    effective_at: input.effective_at ?? at,
    invoice: d.invoice.id,
    lines: linesEnvelopeOf(id, lines),
    livemode: false,
    memo: input.memo ?? null,
    metadata: input.metadata ?? {},
    number,
    out_of_band_amount: d.plan.out_of_band_amount || null,
    pdf: '',
    post_payment_amount: d.plan.post_payment_amount,
    pre_payment_amount: d.plan.pre_payment_amount,
    pretax_credit_amounts: d.plan.discount_amounts.filter((x) => x.amount !== 0).map((x) => ({ ...x, type: 'discount' as const })),
    reason: input.reason ?? null,
    refunds: [],
    shipping_cost: null,
    status: 'issued',
    subtotal: d.plan.subtotal,
    subtotal_excluding_tax: d.plan.subtotal_excluding_tax,
    total: d.plan.total,
    total_excluding_tax: d.plan.total_excluding_tax,
    total_taxes: d.plan.total_taxes,
    type: d.plan.type,
    voided_at: null,
  };
  return { cn, lines };
}

async function customerContext(ctx: ServiceContext, invoice: Invoice) {
  return contextForCustomer(ctx, await loadCustomer(ctx.db, customerIdOf(invoice), { param: 'invoice' }));
}

/** The credit note the request would issue, persisting nothing (with its lines). */
export async function previewCreditNote(ctx: ServiceContext, input: CreateCreditNoteInput): Promise<{ cn: Stripe.CreditNote; lines: Stripe.CreditNoteLineItem[] }> {
  const d = await decide(ctx.db, input);
  const at = (await customerContext(ctx, d.invoice)).clock.now();
  const n = (await countCreditNotesOf(ctx.db, d.invoice.id)) + 1;
  return creditNoteOf(ctx, d, input, at, `${d.invoice.number}-CN-${String(n).padStart(2, '0')}`, ctx.ids.next('cn'));
}

/**
 * Issues a credit note. Must be called outside a transaction: a refund to the card calls the
 * gateway. The credit note is recorded first, with the invoice locked, so that two credit notes
 * at once cannot credit more than the invoice; its refund follows (the refund path's own three
 * phases) and is then named on it. A refund that cannot be made voids the credit note again.
 */
export async function createCreditNote(ctx: ServiceContext, input: CreateCreditNoteInput): Promise<Stripe.CreditNote> {
  const issued = await ctx.db.transaction((db) => issue({ ...ctx, db }, input));
  if (!issued.refund) return issued.cn;
  let refund: Stripe.Refund | null = null;
  let failure = '';
  try {
    refund = await createRefund(ctx, { charge: issued.refund.charge, amount: issued.refund.amount, reason: refundReason(input.reason) });
    if (refund.status === 'failed') failure = `the refund ${refund.id} failed (${refund.failure_reason ?? 'declined'})`;
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  if (!refund || failure) {
    await ctx.db.transaction((db) => voidCreditNote({ ...ctx, db }, issued.cn.id));
    throw invalidRequest(`The refund of ${issued.refund.amount} ${issued.cn.currency} to the card could not be made, so the credit note was voided: ${failure}`, 'refund_amount');
  }
  const cn: Stripe.CreditNote = { ...issued.cn, refunds: [{ amount_refunded: refund.amount, payment_record_refund: null, refund: refund.id, type: 'refund' }] };
  await saveCreditNote(ctx.db, cn);
  return cn;
}

/** Phase 1: the credit note recorded with the invoice's amounts and any balance credit; the refund it still owes. */
async function issue(tx0: ServiceContext, input: CreateCreditNoteInput): Promise<{ cn: Stripe.CreditNote; refund: { charge: string; amount: number } | null }> {
  const db = tx0.db;
  const d = await decide(db, input, { forUpdate: true });
  const tx = await customerContext(tx0, d.invoice);
  const at = tx.clock.now();
  const n = (await countCreditNotesOf(db, d.invoice.id)) + 1;
  const { cn: made, lines } = creditNoteOf(tx, d, input, at, `${d.invoice.number}-CN-${String(n).padStart(2, '0')}`);
  let cn = made;
  if (d.plan.credit_amount > 0) {
    const customer = await loadCustomer(db, customerIdOf(d.invoice), { forUpdate: true });
    const { transaction } = await adjustCustomerBalance(tx, customer, {
      amount: -d.plan.credit_amount,
      type: 'credit_note',
      currency: d.invoice.currency,
      credit_note: cn.id,
      invoice: d.invoice.id,
      at,
    });
    cn = { ...cn, customer_balance_transaction: transaction.id };
  }
  await insertCreditNote(db, cn, lines);
  const opts = { at, customerId: customerIdOf(d.invoice) };
  await recordEvent(tx, 'credit_note.created', cn, opts);
  const after = invoiceAfterCreditNote(d.invoice, cn, 1);
  if (after.status === 'open' && after.amount_remaining === 0) await markInvoicePaid(tx, after, { amountPaid: 0, action: 'credit' });
  else {
    await saveInvoice(db, after);
    await recordEvent(tx, 'invoice.updated', after, { ...opts, previousAttributes: changed(d.invoice, after) });
  }
  return { cn, refund: d.plan.refund_amount > 0 ? { charge: d.charge!.id, amount: d.plan.refund_amount } : null };
}
