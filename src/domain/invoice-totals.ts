// An invoice's totals from its lines, discounts and tax rates (Stripe's semantics), and the
// application of the customer's balance to the total.

import { applyDiscounts, type CouponTerms } from './discounts.ts';
import { lineTaxes, type LineTax, type TaxRateTerms } from './tax.ts';

export interface InvoiceDiscount {
  id: string;
  coupon: CouponTerms;
}

export interface TotalsLine {
  amount: number;
  productId: string | null;
  discountable: boolean;
  taxRates: TaxRateTerms[];
  /** Line-level discounts, applied before the invoice-level ones. */
  discounts?: InvoiceDiscount[];
  /**
   * Discount amounts decided when the line was made (a flexible-mode proration, not discountable):
   * kept as they are, and no other discount takes anything from the line.
   */
  decided_discount_amounts?: DiscountAmount[];
  /** Credit applied to the line before tax (credit grants), after its discounts; by balance transaction id. */
  credits?: CreditAmount[];
}

export interface CreditAmount {
  credit_balance_transaction: string;
  amount: number;
}

export interface DiscountAmount {
  discount: string;
  amount: number;
}

export interface TotalsLineResult {
  amount: number;
  discount_amounts: DiscountAmount[];
  credits: CreditAmount[];
  taxes: LineTax[];
}

export interface InvoiceTotals {
  lines: TotalsLineResult[];
  subtotal: number;
  subtotal_excluding_tax: number;
  total_discount_amounts: DiscountAmount[];
  total_credits: CreditAmount[];
  total_taxes: LineTax[];
  total_excluding_tax: number;
  total: number;
}

/** Sums minor units; a sum past 2^53 − 1 would silently lose cents, so it is refused instead. */
function sum(values: number[]): number {
  const total = values.reduce((a, b) => a + b, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError(`total out of range: ${total}`);
  return total;
}

function inclusiveTax(taxes: LineTax[]): number {
  return sum(taxes.filter((t) => t.inclusive).map((t) => t.amount));
}

/**
 * subtotal = Σ line amounts (before discounts, inclusive tax included);
 * total = subtotal − discounts − credits + exclusive tax; total_excluding_tax = total − all tax;
 * subtotal_excluding_tax = Σ line amounts less the inclusive tax they would carry undiscounted.
 * Every discount appears on every line it was considered for (amount 0 where it took nothing).
 */
export function computeInvoiceTotals(input: { currency: string; lines: TotalsLine[]; discounts: InvoiceDiscount[] }): InvoiceTotals {
  const { currency, lines } = input;

  const lineLevel = lines.map((line) => {
    const ds = line.discounts ?? [];
    const taken = applyDiscounts([line], ds, currency)[0];
    return ds.map((d, j) => ({ discount: d.id, amount: taken[j] }));
  });
  const afterLineLevel = lines.map((line, i) => ({
    amount: line.amount - sum(lineLevel[i].map((d) => d.amount)),
    productId: line.productId,
    discountable: line.discountable,
  }));
  const invoiceLevel = applyDiscounts(afterLineLevel, input.discounts, currency);

  const results: TotalsLineResult[] = lines.map((line, i) => {
    const decided = line.decided_discount_amounts ?? [];
    const discount_amounts = [
      ...decided,
      ...[...lineLevel[i], ...input.discounts.map((d, j) => ({ discount: d.id, amount: invoiceLevel[i][j] }))].filter(
        (d) => !decided.some((x) => x.discount === d.discount),
      ),
    ];
    const credits = line.credits ?? [];
    const net = line.amount - sum(discount_amounts.map((d) => d.amount)) - sum(credits.map((c) => c.amount));
    return { amount: line.amount, discount_amounts, credits, taxes: lineTaxes(net, line.taxRates) };
  });

  const total_discount_amounts: DiscountAmount[] = [];
  const total_taxes: LineTax[] = [];
  for (const r of results) {
    for (const d of r.discount_amounts) {
      const entry = total_discount_amounts.find((e) => e.discount === d.discount);
      if (entry) entry.amount += d.amount;
      else total_discount_amounts.push({ ...d });
    }
    for (const t of r.taxes) {
      const entry = total_taxes.find((e) => e.tax_rate === t.tax_rate && e.inclusive === t.inclusive);
      if (entry) {
        entry.amount += t.amount;
        entry.taxable_amount += t.taxable_amount;
      } else total_taxes.push({ ...t });
    }
  }

  const subtotal = sum(lines.map((l) => l.amount));
  const discountTotal = sum(total_discount_amounts.map((d) => d.amount));
  const exclusiveTotal = sum(total_taxes.filter((t) => !t.inclusive).map((t) => t.amount));
  const inclusiveTotal = sum(total_taxes.filter((t) => t.inclusive).map((t) => t.amount));
  const total_credits = results.flatMap((r) => r.credits);
  const creditTotal = sum(total_credits.map((c) => c.amount));
  const total = sum([subtotal, -discountTotal, -creditTotal, exclusiveTotal]);
  const subtotal_excluding_tax = sum(
    lines.map((l) => l.amount - inclusiveTax(lineTaxes(l.amount, l.taxRates.filter((r) => r.inclusive)))),
  );

  return {
    lines: results,
    subtotal,
    subtotal_excluding_tax,
    total_discount_amounts,
    total_credits,
    total_taxes,
    total_excluding_tax: total - exclusiveTotal - inclusiveTotal,
    total,
  };
}

export interface BalanceApplication {
  starting_balance: number;
  ending_balance: number;
  amount_due: number;
  /** The change to the customer's balance (ending − starting): positive when credit was used. */
  applied: number;
}

/**
 * Applies the customer's balance (negative = credit the customer holds, positive = owed by
 * the customer) to an invoice total. Credit pays as much of a positive total as it covers;
 * a balance owed is added to the amount due; a negative total adds to the credit.
 */
export function applyCustomerBalance(total: number, balance: number): BalanceApplication {
  const net = total + balance;
  const amount_due = Math.max(0, net);
  const ending_balance = Math.min(0, net);
  return { starting_balance: balance, ending_balance, amount_due, applied: ending_balance - balance };
}
