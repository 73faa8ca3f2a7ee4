// Credit prorations in flexible billing mode: the unused time of what was actually debited for the
// credited period (each debit's amount after its discounts), one credit per debit, each naming the
// invoice line or pending invoice item it credits — instead of the item's current price (classic).
import { prorate } from '../proration.ts';
import { allocate, roundMinor } from '../money.ts';
import type { CreditedItems, InvoiceLineDraft, LineDiscountAmount } from '../invoices/invoice-draft.ts';
import type { ProrationDiscounts } from './billing-mode.ts';

/** A debit of a subscription item for (part of) the current period, not yet credited. */
export interface DebitLine {
  /** Where the debit is: line items of an invoice, or an invoice item still pending. */
  credits: CreditedItems;
  subscription_item: string;
  /** The debit's amount before its discounts. */
  amount: number;
  /** The discounts it carried; amount − Σ discount amounts is what the customer was charged. */
  discount_amounts: LineDiscountAmount[];
  quantity: number | null;
  period: { start: number; end: number };
}

export const netOf = (d: Pick<DebitLine, 'amount' | 'discount_amounts'>): number => d.amount - d.discount_amounts.reduce((s, x) => s + x.amount, 0);

/** The id a credit names for a debit: its invoice line, or its pending invoice item. */
export const debitRef = (c: CreditedItems): string => (c.type === 'invoice_item' ? c.invoice_item : c.invoice_line_items[0]);

/**
 * One debit's credit from `from` to its end. `included`: the net share, net × (end − from) / (end −
 * start), rounded once, no discount amounts. `itemized`: the gross share with the discount shown
 * beside it — the discount amount is gross share − net share (split over the debit's discounts by
 * their sizes), so the credit's net equals the included one to the cent.
 */
export function creditOfDebit(d: DebitLine, from: number, mode: ProrationDiscounts): { amount: number; discount_amounts: LineDiscountAmount[] } {
  const net = roundMinor(prorate(netOf(d), d.period.start, d.period.end, from));
  if (mode === 'included' || !d.discount_amounts.length) return { amount: -net, discount_amounts: [] };
  const gross = roundMinor(prorate(d.amount, d.period.start, d.period.end, from));
  const parts = allocate(gross - net, d.discount_amounts.map((x) => Math.max(0, x.amount)));
  const discount_amounts = d.discount_amounts.flatMap((x, k) => (parts[k] === 0 ? [] : [{ discount: x.discount, amount: -parts[k] }]));
  return { amount: -gross, discount_amounts };
}

/**
 * Replaces each classic credit (a negative proration line of an item) with credits computed from
 * that item's debits, invoiced or pending. An item with no debit for the time credits nothing: the
 * customer was charged nothing for it (an item added without prorations, a debit discounted to
 * zero). The credit carries the debit's discounts already (net, or itemized beside it), so no
 * discount applies to it again.
 */
export function flexibleCredits(lines: InvoiceLineDraft[], debits: DebitLine[], at: number, mode: ProrationDiscounts = 'included'): InvoiceLineDraft[] {
  return lines.flatMap((l) => {
    if (!l.proration || l.amount >= 0 || !l.subscription_item) return [l];
    const mine = debits.filter((d) => d.subscription_item === l.subscription_item && d.period.end > at && d.period.end > d.period.start);
    return mine.flatMap((d) => {
      const from = Math.max(at, d.period.start);
      const { amount, discount_amounts } = creditOfDebit(d, from, mode);
      if (amount === 0 && !discount_amounts.length) return [];
      const credit: InvoiceLineDraft = {
        ...l,
        quantity: d.quantity,
        amount,
        period: { start: from, end: d.period.end },
        proration_details: { credited_items: d.credits },
        discountable: false,
        discounts: discount_amounts.map((x) => x.discount),
        discount_amounts,
      };
      return [credit];
    });
  });
}
