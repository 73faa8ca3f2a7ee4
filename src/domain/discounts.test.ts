import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiscounts, discountApplies, discountEnd, type CouponTerms } from './discounts.ts';

const coupon = (c: Partial<CouponTerms>): CouponTerms => ({
  id: 'co',
  percent_off: null,
  amount_off: null,
  currency: null,
  currency_options: null,
  duration: 'forever',
  duration_in_months: null,
  applies_to_products: null,
  ...c,
});
const line = (amount: number, productId: string | null = 'prod_a', discountable = true) => ({ amount, productId, discountable });
const utc = (iso: string) => Date.parse(iso) / 1000;

describe('applyDiscounts', () => {
  it('takes a percentage of each line, rounded per line', () => {
    const pct = { id: 'di_1', coupon: coupon({ percent_off: 15 }) };
    // 999 × 15% = 149.85 → 150; 1001 × 15% = 150.15 → 150
    expect(applyDiscounts([line(999), line(1001)], [pct], 'usd')).toEqual([[150], [150]]);
  });

  it('splits an amount off across lines in proportion, capped at their total', () => {
    const off = { id: 'di_1', coupon: coupon({ amount_off: 1000, currency: 'usd' }) };
    // 1000 × 3000/4000 = 750; 1000 × 1000/4000 = 250
    expect(applyDiscounts([line(3000), line(1000)], [off], 'usd')).toEqual([[750], [250]]);
    // 1000 over 100 + 200 + 300 = 600: capped at 600
    expect(applyDiscounts([line(100), line(200), line(300)], [off], 'usd')).toEqual([[100], [200], [300]]);
    // 100 over 1, 1, 1 thirds: 33.33 each, extra unit to the first
    expect(applyDiscounts([line(1), line(1), line(1)], [{ id: 'd', coupon: coupon({ amount_off: 2, currency: 'usd' }) }], 'usd')).toEqual([[1], [1], [0]]);
  });

  it('uses currency_options in another currency and skips coupons with none', () => {
    const off = { id: 'di_1', coupon: coupon({ amount_off: 1000, currency: 'usd', currency_options: { eur: { amount_off: 900 } } }) };
    expect(applyDiscounts([line(5000)], [off], 'eur')).toEqual([[900]]);
    expect(applyDiscounts([line(5000)], [off], 'gbp')).toEqual([[0]]);
  });

  it('restricts to applies_to_products and never touches credits or non-discountable lines', () => {
    const pct = { id: 'di_1', coupon: coupon({ percent_off: 50, applies_to_products: ['prod_b'] }) };
    const off = { id: 'di_2', coupon: coupon({ amount_off: 500, currency: 'usd', applies_to_products: ['prod_b'] }) };
    const lines = [line(1000, 'prod_a'), line(1000, 'prod_b'), line(-400, 'prod_b'), line(1000, 'prod_b', false)];
    // prod_b line: 1000 × 50% = 500, then 500 off the 500 left
    expect(applyDiscounts(lines, [pct, off], 'usd')).toEqual([[0, 0], [500, 500], [0, 0], [0, 0]]);
  });

  it('stacks discounts in order, each on what remains', () => {
    const off = { id: 'di_off', coupon: coupon({ amount_off: 1000, currency: 'usd' }) };
    const pct = { id: 'di_pct', coupon: coupon({ percent_off: 10 }) };
    // 1000 off 5000 → 4000 left; 10% of 4000 = 400
    expect(applyDiscounts([line(5000)], [off, pct], 'usd')).toEqual([[1000, 400]]);
    // 10% of 5000 = 500 → 4500 left; then 1000 off
    expect(applyDiscounts([line(5000)], [pct, off], 'usd')).toEqual([[500, 1000]]);
  });

  it('never discounts a line below zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -10_000, max: 100_000 }), fc.boolean()), { minLength: 1, maxLength: 8 }),
        fc.array(fc.oneof(fc.integer({ min: 0, max: 100 }).map((p) => coupon({ percent_off: p })), fc.integer({ min: 1, max: 200_000 }).map((a) => coupon({ amount_off: a, currency: 'usd' }))), { maxLength: 4 }),
        (ls, coupons) => {
          const lines = ls.map(([amount, discountable]) => line(amount, 'prod_a', discountable));
          const taken = applyDiscounts(lines, coupons.map((c, i) => ({ id: `di_${i}`, coupon: c })), 'usd');
          lines.forEach((l, i) => {
            const sum = taken[i].reduce((a, b) => a + b, 0);
            taken[i].forEach((t) => expect(t).toBeGreaterThanOrEqual(0));
            expect(sum).toBeLessThanOrEqual(Math.max(0, l.discountable ? l.amount : 0));
          });
        },
      ),
    );
  });
});

describe('discount duration', () => {
  it('ends repeating discounts after N calendar months', () => {
    const start = utc('2024-01-31T00:00:00Z');
    const c = coupon({ duration: 'repeating', duration_in_months: 3 });
    expect(discountEnd(c, start)).toBe(utc('2024-04-30T00:00:00Z')); // Jan 31 + 3 months, clamped
    expect(discountEnd(coupon({ duration: 'forever' }), start)).toBeNull();
    expect(discountEnd(coupon({ duration: 'once' }), start)).toBeNull();
    const d = { coupon: c, start, end: discountEnd(c, start) };
    expect(discountApplies(d, utc('2024-03-31T00:00:00Z'))).toBe(true);
    expect(discountApplies(d, utc('2024-04-30T00:00:00Z'))).toBe(false);
    expect(discountApplies({ coupon: coupon({}), start, end: null }, utc('2030-01-01T00:00:00Z'))).toBe(true);
  });
});
