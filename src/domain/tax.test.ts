import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineTaxes } from './tax.ts';

const vat20 = { id: 'txr_vat', percentage: 20, inclusive: true };
const gst5 = { id: 'txr_gst', percentage: 5, inclusive: false };
const pst7 = { id: 'txr_pst', percentage: 7.25, inclusive: false };

describe('lineTaxes', () => {
  it('adds exclusive tax on top', () => {
    expect(lineTaxes(1999, [gst5, pst7])).toEqual([
      { tax_rate: 'txr_gst', amount: 100, taxable_amount: 1999, inclusive: false }, // 1999 × 5% = 99.95 → 100
      { tax_rate: 'txr_pst', amount: 145, taxable_amount: 1999, inclusive: false }, // 1999 × 7.25% = 144.9275 → 145
    ]);
  });

  it('carves inclusive tax out of the amount', () => {
    expect(lineTaxes(1000, [vat20])).toEqual([
      { tax_rate: 'txr_vat', amount: 167, taxable_amount: 833, inclusive: true }, // 1000 / 1.2 = 833.33 → 833; 1000 − 833 = 167
    ]);
  });

  it('lets the last inclusive rate absorb rounding and applies exclusive rates to the taxable amount', () => {
    const a = { id: 'txr_a', percentage: 10, inclusive: true };
    const b = { id: 'txr_b', percentage: 5, inclusive: true };
    // 1001 / 1.15 = 870.43 → 870; a: 870 × 10% = 87; b: 1001 − 870 − 87 = 44 (870 × 5% = 43.5); gst: 870 × 5% = 43.5 → 44
    expect(lineTaxes(1001, [a, b, gst5])).toEqual([
      { tax_rate: 'txr_a', amount: 87, taxable_amount: 870, inclusive: true },
      { tax_rate: 'txr_b', amount: 44, taxable_amount: 870, inclusive: true },
      { tax_rate: 'txr_gst', amount: 44, taxable_amount: 870, inclusive: false },
    ]);
  });

  it('mirrors credits', () => {
    expect(lineTaxes(-1000, [vat20])).toEqual([{ tax_rate: 'txr_vat', amount: -167, taxable_amount: -833, inclusive: true }]);
    expect(lineTaxes(-1999, [gst5])[0].amount).toBe(-100); // −99.95 → −100
  });

  it('inclusive: taxable plus inclusive taxes is the amount exactly', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.array(fc.integer({ min: 0, max: 3000 }).map((p) => p / 100), { minLength: 1, maxLength: 4 }),
        (amount, percents) => {
          const rates = percents.map((p, i) => ({ id: `txr_${i}`, percentage: p, inclusive: true }));
          const taxes = lineTaxes(amount, rates);
          expect(taxes[0].taxable_amount + taxes.reduce((s, t) => s + t.amount, 0)).toBe(amount);
          expect(lineTaxes(-amount, rates).map((t) => t.amount + 0)).toEqual(taxes.map((t) => -t.amount + 0));
        },
      ),
    );
  });
});
