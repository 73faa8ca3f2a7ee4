import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CouponTerms } from './discounts.ts';
import { applyCustomerBalance, computeInvoiceTotals, type TotalsLine } from './invoice-totals.ts';

const coupon = (c: Partial<CouponTerms>): CouponTerms => ({
  id: 'co', percent_off: null, amount_off: null, currency: null, currency_options: null,
  duration: 'forever', duration_in_months: null, applies_to_products: null, ...c,
});
const vat20 = { id: 'txr_vat', percentage: 20, inclusive: true };
const tax8 = { id: 'txr_8', percentage: 8.875, inclusive: false };

describe('computeInvoiceTotals', () => {
  it('exclusive tax after an invoice-level percent discount', () => {
    const t = computeInvoiceTotals({
      currency: 'usd',
      lines: [
        { amount: 3000, productId: 'prod_a', discountable: true, taxRates: [tax8] },
        { amount: 1000, productId: 'prod_b', discountable: true, taxRates: [tax8] },
        { amount: -500, productId: 'prod_a', discountable: true, taxRates: [tax8] },
      ],
      discounts: [{ id: 'di_1', coupon: coupon({ percent_off: 25 }) }],
    });
    // discounts: 3000 × 25% = 750; 1000 × 25% = 250; the credit is not discounted
    // taxes: 2250 × 8.875% = 199.6875 → 200; 750 × 8.875% = 66.5625 → 67; −500 × 8.875% = −44.375 → −44
    expect(t.lines.map((l) => l.discount_amounts)).toEqual([[{ discount: 'di_1', amount: 750 }], [{ discount: 'di_1', amount: 250 }], [{ discount: 'di_1', amount: 0 }]]);
    expect(t.lines.map((l) => l.taxes[0].amount)).toEqual([200, 67, -44]);
    expect(t.subtotal).toBe(3500); // 3000 + 1000 − 500
    expect(t.total_discount_amounts).toEqual([{ discount: 'di_1', amount: 1000 }]);
    expect(t.total_taxes).toEqual([{ tax_rate: 'txr_8', amount: 223, taxable_amount: 2500, inclusive: false }]); // 200 + 67 − 44
    expect(t.total).toBe(2723); // 3500 − 1000 + 223
    expect(t.total_excluding_tax).toBe(2500);
    expect(t.subtotal_excluding_tax).toBe(3500);
  });

  it('inclusive tax stays inside the total', () => {
    const t = computeInvoiceTotals({
      currency: 'eur',
      lines: [{ amount: 1000, productId: 'prod_a', discountable: true, taxRates: [vat20] }],
      discounts: [{ id: 'di_1', coupon: coupon({ amount_off: 100, currency: 'eur' }) }],
    });
    // 1000 − 100 = 900; 900 / 1.2 = 750, tax 150; undiscounted: 1000 / 1.2 = 833.33 → 833
    expect(t.lines[0].taxes).toEqual([{ tax_rate: 'txr_vat', amount: 150, taxable_amount: 750, inclusive: true }]);
    expect(t).toMatchObject({ subtotal: 1000, subtotal_excluding_tax: 833, total: 900, total_excluding_tax: 750 });
  });

  it('applies line-level discounts before invoice-level ones', () => {
    const t = computeInvoiceTotals({
      currency: 'usd',
      lines: [
        { amount: 2000, productId: 'prod_a', discountable: true, taxRates: [], discounts: [{ id: 'di_line', coupon: coupon({ percent_off: 50 }) }] },
        { amount: 1000, productId: 'prod_b', discountable: true, taxRates: [] },
      ],
      discounts: [{ id: 'di_inv', coupon: coupon({ amount_off: 600, currency: 'usd' }) }],
    });
    // line 1: 2000 × 50% = 1000 → 1000 left; 600 split over 1000 and 1000 → 300 each
    expect(t.lines[0].discount_amounts).toEqual([{ discount: 'di_line', amount: 1000 }, { discount: 'di_inv', amount: 300 }]);
    expect(t.lines[1].discount_amounts).toEqual([{ discount: 'di_inv', amount: 300 }]);
    expect(t.total_discount_amounts).toEqual([{ discount: 'di_line', amount: 1000 }, { discount: 'di_inv', amount: 600 }]);
    expect(t.total).toBe(1400); // 3000 − 1000 − 600
  });

  it('total equals the lines less discounts plus exclusive tax', () => {
    const rate = fc.record({ id: fc.constantFrom('txr_a', 'txr_b', 'txr_c'), percentage: fc.integer({ min: 0, max: 2500 }).map((p) => p / 100), inclusive: fc.boolean() });
    const lineArb: fc.Arbitrary<TotalsLine> = fc.record({
      amount: fc.integer({ min: -50_000, max: 500_000 }),
      productId: fc.constantFrom('prod_a', 'prod_b', null),
      discountable: fc.boolean(),
      taxRates: fc.uniqueArray(rate, { selector: (r) => r.id, maxLength: 3 }),
    });
    const couponArb = fc.oneof(
      fc.integer({ min: 1, max: 100 }).map((p) => coupon({ percent_off: p })),
      fc.integer({ min: 1, max: 300_000 }).map((a) => coupon({ amount_off: a, currency: 'usd', applies_to_products: a % 2 ? ['prod_a'] : null })),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), fc.array(couponArb, { maxLength: 3 }), (lines, coupons) => {
        const t = computeInvoiceTotals({ currency: 'usd', lines, discounts: coupons.map((c, i) => ({ id: `di_${i}`, coupon: c })) });
        const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
        const discounts = sum(t.lines.flatMap((l) => l.discount_amounts.map((d) => d.amount)));
        const exclusive = sum(t.lines.flatMap((l) => l.taxes.filter((x) => !x.inclusive).map((x) => x.amount)));
        const inclusive = sum(t.lines.flatMap((l) => l.taxes.filter((x) => x.inclusive).map((x) => x.amount)));
        expect(t.subtotal).toBe(sum(lines.map((l) => l.amount)));
        expect(t.total).toBe(t.subtotal - discounts + exclusive);
        expect(t.total_excluding_tax).toBe(t.total - exclusive - inclusive);
        expect(sum(t.total_discount_amounts.map((d) => d.amount))).toBe(discounts);
        expect(sum(t.total_taxes.map((x) => x.amount))).toBe(exclusive + inclusive);
      }),
    );
  });

  it('keeps the discount amounts a line was made with (flexible itemized prorations) and takes nothing more from it', () => {
    const t = computeInvoiceTotals({
      currency: 'usd',
      lines: [
        // a credit of 1935 whose discount took 483 of it, and a debit of 2903 with 726 off: both decided when made
        { amount: -1935, productId: 'prod_a', discountable: false, taxRates: [], decided_discount_amounts: [{ discount: 'di_1', amount: -483 }] },
        { amount: 2903, productId: 'prod_b', discountable: false, taxRates: [], decided_discount_amounts: [{ discount: 'di_1', amount: 726 }] },
      ],
      discounts: [{ id: 'di_1', coupon: coupon({ percent_off: 25 }) }],
    });
    expect(t.lines.map((l) => l.discount_amounts)).toEqual([[{ discount: 'di_1', amount: -483 }], [{ discount: 'di_1', amount: 726 }]]);
    expect(t.subtotal).toBe(968); // −1935 + 2903
    expect(t.total_discount_amounts).toEqual([{ discount: 'di_1', amount: 243 }]); // −483 + 726
    expect(t.total).toBe(725); // 968 − 243 = (−1452) + 2177
  });
});

describe('applyCustomerBalance', () => {
  it('uses credit against a positive total', () => {
    // credit 500 against 300: all 300 paid from credit, 200 credit left
    expect(applyCustomerBalance(300, -500)).toEqual({ starting_balance: -500, ending_balance: -200, amount_due: 0, applied: 300 });
    // credit 500 against 2000: 1500 due
    expect(applyCustomerBalance(2000, -500)).toEqual({ starting_balance: -500, ending_balance: 0, amount_due: 1500, applied: 500 });
  });

  it('adds a negative total to the credit', () => {
    expect(applyCustomerBalance(-700, -500)).toEqual({ starting_balance: -500, ending_balance: -1200, amount_due: 0, applied: -700 });
    expect(applyCustomerBalance(0, 0)).toEqual({ starting_balance: 0, ending_balance: 0, amount_due: 0, applied: 0 });
  });

  it('adds an amount the customer owes to the amount due', () => {
    expect(applyCustomerBalance(1000, 250)).toEqual({ starting_balance: 250, ending_balance: 0, amount_due: 1250, applied: -250 });
  });

  it('conserves money: amount due + ending balance = total + starting balance', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e7, max: 1e7 }), fc.integer({ min: -1e7, max: 1e7 }), (total, balance) => {
        const r = applyCustomerBalance(total, balance);
        expect(r.amount_due + r.ending_balance).toBe(total + balance);
        expect(r.amount_due).toBeGreaterThanOrEqual(0);
        expect(r.ending_balance).toBeLessThanOrEqual(0);
      }),
    );
  });
});
