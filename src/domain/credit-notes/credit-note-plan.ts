// A credit note decided from its invoice and the request: its lines (a share of invoice lines, with
// their discounts and taxes in proportion, or custom lines), its totals, and where the money goes
// (before payment it lowers what the invoice still asks; after payment it is refunded to the card,
// credited to the customer's balance or settled out of band). Refuses what the invoice cannot
// still be credited. Pure: a preview calls it and persists nothing.
import type Stripe from 'stripe';
import { dec, roundMinor, sumMinor } from '../money.ts';

export interface CreditNoteLineRequest {
  type: 'invoice_line_item' | 'custom_line_item';
  invoice_line_item?: string;
  quantity?: number;
  amount?: number;
  unit_amount?: number;
  description?: string;
  metadata?: Record<string, string>;
}

export interface CreditNoteRequest {
  amount?: number;
  lines?: CreditNoteLineRequest[];
  refund_amount?: number;
  credit_amount?: number;
  out_of_band_amount?: number;
}

/** What the plan needs besides the invoice: its lines, and what its charge can still refund. */
export interface CreditNoteContext {
  invoice: Stripe.Invoice;
  lines: Stripe.InvoiceLineItem[];
  /** What the invoice's successful charge can still refund (0 when it has none). */
  refundable: number;
}

/** A line as decided, before it gets its id. */
export type CreditNoteLineDraft = Omit<Stripe.CreditNoteLineItem, 'id'>;

export interface CreditNotePlan {
  lines: CreditNoteLineDraft[];
  subtotal: number;
  subtotal_excluding_tax: number;
  discount_amount: number;
  discount_amounts: Stripe.CreditNote.DiscountAmount[];
  total_taxes: Stripe.CreditNote.TotalTax[];
  total: number;
  total_excluding_tax: number;
  type: 'pre_payment' | 'post_payment';
  pre_payment_amount: number;
  post_payment_amount: number;
  refund_amount: number;
  credit_amount: number;
  out_of_band_amount: number;
}

export type PlanResult = { ok: true; plan: CreditNotePlan } | { ok: false; message: string; param?: string };

/** On the wire a Stripe.Decimal is a decimal string (the SDK parses it into its Decimal class). */
const wire = (s: string): Stripe.Decimal => s as unknown as Stripe.Decimal;

const refuse = (message: string, param?: string): PlanResult => ({ ok: false, message, param });

/** `amount × part / whole`, rounded once (half away from zero). */
const share = (amount: number, part: number, whole: number): number => (whole === 0 ? 0 : roundMinor(dec(amount).times(part).dividedBy(whole)));

/** What the invoice can still be credited: the rest of an open invoice, or a paid invoice's total less earlier credit notes. */
export function creditableAmount(invoice: Stripe.Invoice): number {
  if (invoice.status === 'open') return invoice.amount_remaining;
  if (invoice.status === 'paid') return invoice.total - invoice.pre_payment_credit_notes_amount - invoice.post_payment_credit_notes_amount;
  return 0;
}

function lineFromInvoiceLine(line: Stripe.InvoiceLineItem, req: CreditNoteLineRequest): CreditNoteLineDraft | string {
  const invoiceQuantity = line.quantity ?? 1;
  let amount = line.amount;
  let quantity: number | null = invoiceQuantity;
  if (req.quantity !== undefined && req.amount !== undefined) return 'Pass either quantity or amount for an invoice line item, not both.';
  if (req.quantity !== undefined) {
    if (req.quantity > invoiceQuantity) return `The quantity (${req.quantity}) is more than the invoice line item's quantity (${invoiceQuantity}).`;
    amount = share(line.amount, req.quantity, invoiceQuantity);
    quantity = req.quantity;
  } else if (req.amount !== undefined) {
    if (req.amount > line.amount) return `The amount (${req.amount}) is more than the invoice line item's amount (${line.amount}).`;
    amount = req.amount;
    quantity = null;
  }
  const discount_amounts = (line.discount_amounts ?? []).map((d) => ({ amount: share(d.amount, amount, line.amount), discount: d.discount }));
  const taxes: Stripe.CreditNoteLineItem.Tax[] = (line.taxes ?? []).map((t) => ({
    amount: share(t.amount, amount, line.amount),
    tax_behavior: t.tax_behavior,
    tax_rate_details: t.tax_rate_details,
    taxability_reason: t.taxability_reason,
    taxable_amount: t.taxable_amount === null ? null : share(t.taxable_amount, amount, line.amount),
    type: 'tax_rate_details',
  }));
  const unit = quantity ? amount / quantity : null;
  return {
    object: 'credit_note_line_item',
    amount,
    description: line.description,
    discount_amount: sumMinor(discount_amounts.map((d) => d.amount)),
    discount_amounts,
    invoice_line_item: line.id,
    livemode: false,
    metadata: req.metadata ?? {},
    pretax_credit_amounts: discount_amounts.filter((d) => d.amount !== 0).map((d) => ({ ...d, type: 'discount' as const })),
    quantity,
    tax_rates: [],
    taxes,
    type: 'invoice_line_item',
    unit_amount: unit !== null && Number.isInteger(unit) ? unit : null,
    unit_amount_decimal: unit !== null ? wire(String(unit)) : null,
  };
}

function customLine(req: CreditNoteLineRequest): CreditNoteLineDraft | string {
  if (req.unit_amount === undefined) return 'A custom line item needs a unit_amount.';
  if (!req.description) return 'A custom line item needs a description.';
  const quantity = req.quantity ?? 1;
  return {
    object: 'credit_note_line_item',
    amount: req.unit_amount * quantity,
    description: req.description,
    discount_amount: 0,
    discount_amounts: [],
    livemode: false,
    metadata: req.metadata ?? {},
    pretax_credit_amounts: [],
    quantity,
    tax_rates: [],
    taxes: [],
    type: 'custom_line_item',
    unit_amount: req.unit_amount,
    unit_amount_decimal: wire(String(req.unit_amount)),
  };
}

function totalTaxes(lines: CreditNoteLineDraft[]): Stripe.CreditNote.TotalTax[] {
  const byRate = new Map<string, Stripe.CreditNote.TotalTax>();
  for (const t of lines.flatMap((l) => l.taxes ?? [])) {
    const key = `${t.tax_rate_details?.tax_rate}:${t.tax_behavior}`;
    const known = byRate.get(key);
    byRate.set(key, known ? { ...known, amount: known.amount + t.amount, taxable_amount: (known.taxable_amount ?? 0) + (t.taxable_amount ?? 0) } : { ...t });
  }
  return [...byRate.values()];
}

function discountTotals(lines: CreditNoteLineDraft[]): Stripe.CreditNote.DiscountAmount[] {
  const byId = new Map<string, number>();
  for (const d of lines.flatMap((l) => l.discount_amounts)) {
    const id = typeof d.discount === 'string' ? d.discount : d.discount.id;
    byId.set(id, (byId.get(id) ?? 0) + d.amount);
  }
  return [...byId].map(([discount, amount]) => ({ amount, discount }));
}

/** The credit note the request asks for on the invoice, or why it cannot be made. */
export function planCreditNote(c: CreditNoteContext, req: CreditNoteRequest): PlanResult {
  const { invoice } = c;
  if (invoice.status !== 'open' && invoice.status !== 'paid')
    return refuse(`Credit notes can only be issued on open or paid invoices; invoice ${invoice.id} is ${invoice.status}.`, 'invoice');
  if (req.amount !== undefined && req.lines?.length) return refuse('Pass either amount or lines, not both.', 'amount');
  if (req.amount === undefined && !req.lines?.length) return refuse('Pass either amount or lines to say what the credit note credits.', 'amount');

  const lines: CreditNoteLineDraft[] = [];
  for (const [k, l] of (req.lines ?? []).entries()) {
    let made: CreditNoteLineDraft | string;
    if (l.type === 'invoice_line_item') {
      const line = c.lines.find((x) => x.id === l.invoice_line_item);
      if (!l.invoice_line_item) return refuse('An invoice line item credit needs invoice_line_item.', `lines[${k}][invoice_line_item]`);
      if (!line) return refuse(`Invoice ${invoice.id} has no line item ${l.invoice_line_item}.`, `lines[${k}][invoice_line_item]`);
      made = lineFromInvoiceLine(line, l);
    } else made = customLine(l);
    if (typeof made === 'string') return refuse(made, `lines[${k}]`);
    lines.push(made);
  }

  const taxes = totalTaxes(lines);
  const exclusiveTax = sumMinor(taxes.filter((t) => t.tax_behavior === 'exclusive').map((t) => t.amount));
  const inclusiveTax = sumMinor(taxes.filter((t) => t.tax_behavior === 'inclusive').map((t) => t.amount));
  const discount_amounts = discountTotals(lines);
  const discount = sumMinor(discount_amounts.map((d) => d.amount));
  const subtotal = req.amount ?? sumMinor(lines.map((l) => l.amount));
  const total = req.amount ?? subtotal - discount + exclusiveTax;
  if (total <= 0) return refuse('The credit note total must be greater than zero.', req.amount !== undefined ? 'amount' : 'lines');

  const creditable = creditableAmount(invoice);
  if (total > creditable)
    return refuse(
      `The credit note total (${total} ${invoice.currency}) is greater than the amount invoice ${invoice.id} can still be credited (${creditable} ${invoice.currency}).`,
      req.amount !== undefined ? 'amount' : 'lines',
    );

  const given = { refund: req.refund_amount, credit: req.credit_amount, oob: req.out_of_band_amount };
  const anyGiven = Object.values(given).some((v) => v !== undefined);
  let refund = 0;
  let credit = 0;
  let oob = 0;
  if (invoice.status === 'open') {
    // Before payment the credit note lowers what the invoice asks: there is nothing to give back.
    if (anyGiven) return refuse('refund_amount, credit_amount and out_of_band_amount apply only to paid invoices.', given.refund !== undefined ? 'refund_amount' : given.credit !== undefined ? 'credit_amount' : 'out_of_band_amount');
  } else if (anyGiven) {
    refund = given.refund ?? 0;
    credit = given.credit ?? 0;
    oob = given.oob ?? 0;
    if (refund + credit + oob !== total)
      return refuse(
        `The sum of refund_amount, credit_amount and out_of_band_amount (${refund + credit + oob}) must equal the credit note total (${total}).`,
        given.refund !== undefined ? 'refund_amount' : given.credit !== undefined ? 'credit_amount' : 'out_of_band_amount',
      );
    if (refund > c.refundable)
      return refuse(`The refund amount (${refund}) is greater than what the invoice's payment can still refund (${c.refundable}).`, 'refund_amount');
  } else credit = total; // Stripe's default for a paid invoice: the customer's balance.

  const pre = invoice.status === 'open';
  return {
    ok: true,
    plan: {
      lines,
      subtotal,
      subtotal_excluding_tax: subtotal - inclusiveTax,
      discount_amount: discount,
      discount_amounts,
      total_taxes: taxes,
      total,
      total_excluding_tax: total - exclusiveTax - inclusiveTax,
      type: pre ? 'pre_payment' : 'post_payment',
      pre_payment_amount: pre ? total : 0,
      post_payment_amount: pre ? 0 : total,
      refund_amount: refund,
      credit_amount: credit,
      out_of_band_amount: oob,
    },
  };
}

/** The invoice once the credit note is issued (`sign` 1) or voided (`sign` -1). */
export function invoiceAfterCreditNote(invoice: Stripe.Invoice, note: Pick<Stripe.CreditNote, 'pre_payment_amount' | 'post_payment_amount'>, sign: 1 | -1): Stripe.Invoice {
  const pre = note.pre_payment_amount * sign;
  const after: Stripe.Invoice = {
    ...invoice,
    pre_payment_credit_notes_amount: invoice.pre_payment_credit_notes_amount + pre,
    post_payment_credit_notes_amount: invoice.post_payment_credit_notes_amount + note.post_payment_amount * sign,
  };
  if (pre !== 0 && invoice.status === 'open') {
    after.amount_due = invoice.amount_due - pre;
    after.amount_remaining = invoice.amount_remaining - pre;
  }
  return after;
}
