// A draft invoice's totals from its lines, discounts and tax rates (computeInvoiceTotals), written
// onto the Stripe-shaped invoice and lines: each line's discount amounts and taxes, the invoice's
// subtotal, discounts, taxes and total.
import type Stripe from 'stripe';
import { computeInvoiceTotals, type InvoiceDiscount } from '../invoice-totals.ts';
import type { LineTax } from '../tax.ts';
import { linesEnvelope } from './draft-invoice.ts';
import type { StoredLine } from './invoice-line.ts';
import { discountIds, taxTerms } from './stripe-terms.ts';

export function toStripeTax(t: LineTax): Stripe.InvoiceLineItem.Tax {
  return {
    amount: t.amount,
    tax_behavior: t.inclusive ? 'inclusive' : 'exclusive',
    tax_rate_details: { tax_rate: t.tax_rate },
    taxability_reason: 'not_available',
    taxable_amount: t.taxable_amount,
    type: 'tax_rate_details',
  };
}

const productOf = (l: Stripe.InvoiceLineItem): string | null => l.pricing?.price_details?.product ?? null;

const totalsOf = (l: Stripe.InvoiceLineItem) => [l.discount_amounts, l.pretax_credit_amounts, l.taxes];

/** JSON with object keys sorted, so that equal values compare equal whatever their key order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x,
  );
}

const decidedAmounts = (l: Stripe.InvoiceLineItem) =>
  (l.discount_amounts ?? [])
    .filter((d) => d.amount !== 0)
    .map((d) => ({ discount: typeof d.discount === 'string' ? d.discount : d.discount.id, amount: d.amount }));

/** Credit grants' amounts already applied to the line (kept as they are; finalization decides them). */
const creditsOf = (l: Stripe.InvoiceLineItem) =>
  (l.pretax_credit_amounts ?? [])
    .filter((c) => c.type === 'credit_balance_transaction' && c.credit_balance_transaction)
    .map((c) => ({
      credit_balance_transaction: typeof c.credit_balance_transaction === 'string' ? c.credit_balance_transaction : c.credit_balance_transaction!.id,
      amount: c.amount,
    }));

export interface InvoiceWithTotals {
  invoice: Stripe.Invoice;
  lines: StoredLine[];
  /** The lines whose discounts or taxes moved (the ones to write again). */
  changed: StoredLine[];
}

/**
 * `invoiceDiscounts` are the invoice's own discounts with their coupons, in order; `lineDiscounts`
 * holds, by id, those the lines name (unknown ids are skipped, as a deleted discount is).
 */
export function invoiceWithTotals(
  invoice: Stripe.Invoice,
  stored: StoredLine[],
  invoiceDiscounts: InvoiceDiscount[],
  lineDiscounts: ReadonlyMap<string, InvoiceDiscount>,
): InvoiceWithTotals {
  const totals = computeInvoiceTotals({
    currency: invoice.currency,
    discounts: invoiceDiscounts,
    lines: stored.map((s) => ({
      amount: s.line.amount,
      productId: productOf(s.line),
      discountable: s.line.discountable,
      taxRates: (s.taxRates.length ? s.taxRates : invoice.default_tax_rates).map(taxTerms),
      discounts: discountIds(s.line.discounts as string[]).flatMap((id) => (lineDiscounts.has(id) ? [lineDiscounts.get(id)!] : [])),
      // A line that is not discountable takes no discount here; any it shows were decided when it was made.
      decided_discount_amounts: s.line.discountable ? undefined : decidedAmounts(s.line),
      credits: creditsOf(s.line),
    })),
  });
  const lines = stored.map((s, i) => {
    const r = totals.lines[i];
    const line: Stripe.InvoiceLineItem = {
      ...s.line,
      discount_amounts: r.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount })),
      pretax_credit_amounts: [
        ...r.discount_amounts.filter((d) => d.amount !== 0).map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
        ...r.credits.map((c) => ({ amount: c.amount, credit_balance_transaction: c.credit_balance_transaction, type: 'credit_balance_transaction' as const })),
      ],
      taxes: r.taxes.map(toStripeTax),
    };
    return { line, taxRates: s.taxRates };
  });
  // Stored lines come back from jsonb with their keys reordered: compare what totals write, canonically.
  const changed = lines.filter((l, i) => canonical(totalsOf(l.line)) !== canonical(totalsOf(stored[i].line)));
  const total_taxes = totals.total_taxes.map(toStripeTax) as Stripe.Invoice.TotalTax[];
  return {
    lines,
    changed,
    invoice: {
      ...invoice,
      lines: linesEnvelope(invoice.id, lines.map((l) => l.line)),
      subtotal: totals.subtotal,
      subtotal_excluding_tax: totals.subtotal_excluding_tax,
      total_discount_amounts: totals.total_discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount })),
      total_pretax_credit_amounts: [
        ...totals.total_discount_amounts.filter((d) => d.amount !== 0).map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
        ...totals.total_credits.map((c) => ({ amount: c.amount, credit_balance_transaction: c.credit_balance_transaction, type: 'credit_balance_transaction' as const })),
      ],
      total_taxes,
      total_excluding_tax: totals.total_excluding_tax,
      total: totals.total,
      amount_due: Math.max(0, totals.total),
      amount_remaining: Math.max(0, totals.total),
    },
  };
}
