// Credit prorations in flexible billing mode: the unused time of what was actually debited for the
// credited period (each debit's amount after its discounts), one credit per debit, each naming the
// invoice and line it credits — instead of the item's current price (classic).
import { prorate } from '../proration.ts';
import { roundMinor } from '../money.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';

/** A line that charged a subscription item for (part of) the current period, not yet credited. */
export interface DebitLine {
  invoice: string;
  line: string;
  subscription_item: string;
  /** The line's amount less its discount amounts: what the customer was charged for it. */
  net: number;
  quantity: number | null;
  period: { start: number; end: number };
}

/**
 * Replaces each classic credit (a negative proration line of an item) with credits computed from
 * that item's debits: net × (debit end − at) / (debit end − debit start), rounded once. An item with
 * no recorded debit (a debit still pending) keeps its classic credit. The credit is already net of
 * the discounts the debit had, so no discount applies to it again.
 */
export function flexibleCredits(lines: InvoiceLineDraft[], debits: DebitLine[], at: number): InvoiceLineDraft[] {
  return lines.flatMap((l) => {
    if (!l.proration || l.amount >= 0 || !l.subscription_item) return [l];
    const mine = debits.filter((d) => d.subscription_item === l.subscription_item && d.period.end > at && d.period.end > d.period.start);
    if (!mine.length) return [l];
    return mine.flatMap((d) => {
      const from = Math.max(at, d.period.start);
      const amount = -roundMinor(prorate(d.net, d.period.start, d.period.end, from));
      if (amount === 0) return [];
      const credit: InvoiceLineDraft = {
        ...l,
        quantity: d.quantity,
        amount,
        period: { start: from, end: d.period.end },
        proration_details: { credited_items: { invoice: d.invoice, invoice_line_items: [d.line] } },
        discountable: false,
        discounts: [],
      };
      return [credit];
    });
  });
}
