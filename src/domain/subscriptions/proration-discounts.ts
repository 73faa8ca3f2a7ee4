// Debit prorations in flexible billing mode take their discounts when they are made, not when they
// are invoiced (a pending debit keeps what it was discounted even if the coupon ends before the
// next invoice), and show them as billing_mode.flexible.proration_discounts says: `included` — the
// amount is net of the discounts and carries no discount amounts; `itemized` — the amount is
// before discounts and the discount amounts sit beside it. Either way the line is no longer
// discountable, so the same total comes out of both.
import { computeInvoiceTotals, type InvoiceDiscount } from '../invoice-totals.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { productIdOf } from './subscription-lines.ts';
import type { ProrationDiscounts } from './billing-mode.ts';

/** The discounts in force when the prorations are made: the subscription's, and the items' by id. */
export interface ProrationDiscountTerms {
  subscription: InvoiceDiscount[];
  items: ReadonlyMap<string, InvoiceDiscount>;
}

export const NO_DISCOUNTS: ProrationDiscountTerms = { subscription: [], items: new Map() };

const isDebit = (l: InvoiceLineDraft) => l.proration && l.amount > 0 && l.discountable;

/**
 * The lines with each discountable debit proration discounted now, the way an invoice would
 * discount those debits (item discounts first, then the subscription's, amount_off split over them).
 */
export function discountedDebits(lines: InvoiceLineDraft[], terms: ProrationDiscountTerms, mode: ProrationDiscounts, currency: string): InvoiceLineDraft[] {
  const debits = lines.filter(isDebit);
  if (!debits.length) return lines;
  const totals = computeInvoiceTotals({
    currency,
    discounts: terms.subscription,
    lines: debits.map((l) => ({
      amount: l.amount,
      productId: l.price ? productIdOf(l.price) : null,
      discountable: true,
      taxRates: [],
      discounts: (l.discounts ?? []).flatMap((id) => (terms.items.has(id) ? [terms.items.get(id)!] : [])),
    })),
  });
  return lines.map((l) => {
    const k = debits.indexOf(l);
    if (k < 0) return l;
    const taken = totals.lines[k].discount_amounts.filter((d) => d.amount !== 0);
    const off = taken.reduce((s, d) => s + d.amount, 0);
    return mode === 'itemized'
      ? { ...l, discountable: false, discounts: taken.map((d) => d.discount), discount_amounts: taken }
      : { ...l, amount: l.amount - off, discountable: false, discounts: [], discount_amounts: [] };
  });
}
