// Recomputes a draft invoice's totals from its lines, discounts and tax rates (the domain's
// computeInvoiceTotals), writing each line's discount amounts and taxes and the invoice's totals.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { computeInvoiceTotals, type InvoiceDiscount } from '../../domain/invoice-totals.ts';
import type { CouponTerms } from '../../domain/discounts.ts';
import type { LineTax, TaxRateTerms } from '../../domain/tax.ts';
import { linesEnvelope, loadLines, saveLine, type Invoice } from './invoice-store.ts';

export const taxTerms = (t: Stripe.TaxRate): TaxRateTerms => ({ id: t.id, percentage: Number(t.percentage), inclusive: t.inclusive });

export function couponTerms(c: Stripe.Coupon): CouponTerms {
  const options: Record<string, { amount_off: number }> = {};
  for (const [code, o] of Object.entries(c.currency_options ?? {})) options[code] = { amount_off: o.amount_off };
  return {
    id: c.id,
    percent_off: c.percent_off,
    amount_off: c.amount_off,
    currency: c.currency,
    currency_options: options,
    duration: c.duration as CouponTerms['duration'],
    duration_in_months: c.duration_in_months,
    applies_to_products: c.applies_to?.products ?? null,
  };
}

/** The discounts (by id) with their coupons' terms, in the order given; unknown ids are skipped. */
export async function discountTerms(db: Db, ids: string[]): Promise<InvoiceDiscount[]> {
  if (!ids.length) return [];
  const rows = await db.query(
    `SELECT d.id, c.data AS coupon FROM discounts d
       JOIN coupons c ON c.id = COALESCE(d.data->'source'->'coupon'->>'id', d.data->'source'->>'coupon')
      WHERE d.id = ANY($1)`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id as string, couponTerms(r.coupon as Stripe.Coupon)]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ id, coupon: byId.get(id)! }));
}

export const discountIds = (ds: Array<string | { id: string }>): string[] => ds.map((d) => (typeof d === 'string' ? d : d.id));

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

/** Returns the invoice with fresh totals and lines envelope; lines are saved, the invoice is not. */
export async function recomputeInvoice(db: Db, invoice: Invoice): Promise<Invoice> {
  const stored = await loadLines(db, invoice.id);
  const invoiceDiscounts = await discountTerms(db, discountIds(invoice.discounts as Array<string | { id: string }>));
  const lineDiscounts = await discountTerms(db, [...new Set(stored.flatMap((s) => discountIds(s.line.discounts as string[])))]);
  const byId = new Map(lineDiscounts.map((d) => [d.id, d]));
  const totals = computeInvoiceTotals({
    currency: invoice.currency,
    discounts: invoiceDiscounts,
    lines: stored.map((s) => ({
      amount: s.line.amount,
      productId: productOf(s.line),
      discountable: s.line.discountable,
      taxRates: (s.taxRates.length ? s.taxRates : invoice.default_tax_rates).map(taxTerms),
      discounts: discountIds(s.line.discounts as string[]).flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
    })),
  });
  const lines = stored.map((s, i) => {
    const r = totals.lines[i];
    const line: Stripe.InvoiceLineItem = {
      ...s.line,
      discount_amounts: r.discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount })),
      pretax_credit_amounts: r.discount_amounts
        .filter((d) => d.amount !== 0)
        .map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
      taxes: r.taxes.map(toStripeTax),
    };
    return { line, taxRates: s.taxRates };
  });
  // Only lines whose discounts or taxes moved are written again (finalizing an untouched draft writes none).
  for (const [i, l] of lines.entries()) if (JSON.stringify(l.line) !== JSON.stringify(stored[i].line)) await saveLine(db, l);
  const total_taxes = totals.total_taxes.map(toStripeTax) as Stripe.Invoice.TotalTax[];
  return {
    ...invoice,
    lines: linesEnvelope(invoice.id, lines.map((l) => l.line)),
    subtotal: totals.subtotal,
    subtotal_excluding_tax: totals.subtotal_excluding_tax,
    total_discount_amounts: totals.total_discount_amounts.map((d) => ({ amount: d.amount, discount: d.discount })),
    total_pretax_credit_amounts: totals.total_discount_amounts
      .filter((d) => d.amount !== 0)
      .map((d) => ({ amount: d.amount, discount: d.discount, type: 'discount' as const })),
    total_taxes,
    total_excluding_tax: totals.total_excluding_tax,
    total: totals.total,
    amount_due: Math.max(0, totals.total),
    amount_remaining: Math.max(0, totals.total),
  };
}
