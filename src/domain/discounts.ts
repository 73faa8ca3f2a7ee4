// Coupons as discounts on invoice lines: when a discount is in force, and how much of each
// line each discount takes. Discounts stack in order, each on what the previous ones left.

import { addIntervals } from './periods.ts';
import { allocate, Dec, roundMinor } from './money.ts';

export interface CouponTerms {
  id: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  currency_options?: Record<string, { amount_off: number }> | null;
  duration: 'once' | 'repeating' | 'forever';
  duration_in_months: number | null;
  applies_to_products: string[] | null;
}

export interface DiscountPeriod {
  coupon: CouponTerms;
  start: number;
  end: number | null;
}

export interface DiscountableLine {
  amount: number;
  productId: string | null;
  discountable: boolean;
}

/** When a discount made from this coupon at `start` ends: repeating coupons after N calendar months. */
export function discountEnd(coupon: CouponTerms, start: number): number | null {
  if (coupon.duration !== 'repeating') return null;
  const months = coupon.duration_in_months;
  if (months === null || !Number.isSafeInteger(months) || months < 1) {
    throw new Error(`repeating coupon ${coupon.id} needs duration_in_months`);
  }
  return addIntervals(start, 'month', months, 1);
}

/**
 * Whether the discount applies to an invoice for the period starting at `invoicePeriodStart`:
 * while that start is before the discount's end. (`once` discounts are removed by the caller
 * after their first invoice.)
 */
export function discountApplies(d: DiscountPeriod, invoicePeriodStart: number): boolean {
  const end = d.end ?? (d.coupon.duration === 'repeating' ? discountEnd(d.coupon, d.start) : null);
  return end === null || invoicePeriodStart < end;
}

/** The coupon's amount_off in `currency`, or null when it has none there (then it does not apply). */
export function amountOffIn(coupon: CouponTerms, currency: string): number | null {
  if (coupon.amount_off === null) return null;
  const c = currency.toLowerCase();
  if (coupon.currency?.toLowerCase() === c) return coupon.amount_off;
  const options = coupon.currency_options ?? {};
  const entry = Object.entries(options).find(([code]) => code.toLowerCase() === c);
  return entry ? entry[1].amount_off : null;
}

function eligible(line: DiscountableLine, coupon: CouponTerms): boolean {
  if (!line.discountable || line.amount <= 0) return false;
  const products = coupon.applies_to_products;
  if (products && products.length > 0) return line.productId !== null && products.includes(line.productId);
  return true;
}

/**
 * For each line, the amount each discount takes (columns in the order of `discounts`).
 * Percent-off is computed per line on what remains of it, rounded once per line.
 * Amount-off is capped at what remains of the eligible lines and split across them by
 * largest remainder in proportion to what remains of each. Credits (negative lines) and
 * non-discountable lines are never discounted.
 */
export function applyDiscounts(
  lines: DiscountableLine[],
  discounts: Array<{ id: string; coupon: CouponTerms }>,
  currency: string,
): number[][] {
  const remaining = lines.map((l) => (l.discountable && l.amount > 0 ? l.amount : 0));
  const taken = lines.map(() => discounts.map(() => 0));

  discounts.forEach(({ coupon }, j) => {
    const targets = lines.map((l, i) => i).filter((i) => eligible(lines[i], coupon) && remaining[i] > 0);
    if (targets.length === 0) return;

    let parts: number[];
    if (coupon.percent_off !== null) {
      parts = targets.map((i) =>
        Math.min(remaining[i], roundMinor(new Dec(remaining[i]).times(coupon.percent_off as number).div(100))),
      );
    } else {
      const off = amountOffIn(coupon, currency);
      if (off === null || off <= 0) return;
      const weights = targets.map((i) => remaining[i]);
      const cap = Math.min(off, weights.reduce((a, b) => a + b, 0));
      parts = allocate(cap, weights);
    }
    targets.forEach((i, k) => {
      taken[i][j] = parts[k];
      remaining[i] -= parts[k];
    });
  });
  return taken;
}
