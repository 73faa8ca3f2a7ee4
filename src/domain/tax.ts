// Tax on one invoice line after discounts: exclusive rates are added on top, inclusive rates
// are carved out of the amount so that taxable amount plus inclusive taxes equals it exactly.

import { Dec, roundMinor } from './money.ts';

export interface TaxRateTerms {
  id: string;
  percentage: number;
  inclusive: boolean;
}

export interface LineTax {
  tax_rate: string;
  amount: number;
  taxable_amount: number;
  inclusive: boolean;
}

/**
 * Taxes for a line's amount after discounts (negative for credits). With inclusive rates,
 * taxable = round(amount ÷ (1 + Σ inclusive %/100)); each inclusive tax is
 * round(taxable × %/100) except the last, which takes what is left. Exclusive rates apply
 * to the same taxable amount. Results keep the order of `rates`.
 */
export function lineTaxes(amountAfterDiscount: number, rates: TaxRateTerms[]): LineTax[] {
  if (!Number.isSafeInteger(amountAfterDiscount)) throw new RangeError(`not an integer amount: ${amountAfterDiscount}`);
  const inclusive = rates.filter((r) => r.inclusive);
  const inclusivePercent = inclusive.reduce((acc, r) => acc.plus(r.percentage), new Dec(0));
  const taxable = inclusive.length === 0
    ? amountAfterDiscount
    : roundMinor(new Dec(amountAfterDiscount).div(inclusivePercent.div(100).plus(1)));

  const inclusiveAmounts = new Map<TaxRateTerms, number>();
  let left = amountAfterDiscount - taxable;
  inclusive.forEach((rate, i) => {
    const amount = i === inclusive.length - 1 ? left : roundMinor(new Dec(taxable).times(rate.percentage).div(100));
    inclusiveAmounts.set(rate, amount);
    left -= amount;
  });

  return rates.map((rate) => ({
    tax_rate: rate.id,
    amount: rate.inclusive
      ? (inclusiveAmounts.get(rate) as number)
      : roundMinor(new Dec(taxable).times(rate.percentage).div(100)),
    taxable_amount: taxable,
    inclusive: rate.inclusive,
  }));
}
