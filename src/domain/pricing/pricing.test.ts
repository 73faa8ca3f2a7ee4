import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmount, priceAmount, type PriceTerms } from './index.ts';

const perUnit = (unit: string, transform: PriceTerms['transform_quantity'] = null): PriceTerms => ({
  billing_scheme: 'per_unit',
  unit_amount_decimal: unit,
  tiers_mode: null,
  tiers: null,
  transform_quantity: transform,
});

const tiers = [
  { up_to: 5, unit_amount_decimal: '1000', flat_amount_decimal: '500' },
  { up_to: 10, unit_amount_decimal: '800', flat_amount_decimal: null },
  { up_to: null, unit_amount_decimal: '600.5', flat_amount_decimal: '100' },
];
const graduated: PriceTerms = { billing_scheme: 'tiered', unit_amount_decimal: null, tiers_mode: 'graduated', tiers, transform_quantity: null };
const volume: PriceTerms = { ...graduated, tiers_mode: 'volume' };

describe('per_unit', () => {
  it('multiplies exactly and rounds once', () => {
    expect(priceAmount(perUnit('1999'), 3).toString()).toBe('5997'); // 1999 × 3
    expect(lineAmount(perUnit('0.125'), 3)).toEqual({ amount: 0, unit_amount_decimal: '0.125' }); // 0.375 → 0
    expect(lineAmount(perUnit('0.125'), 4)).toEqual({ amount: 1, unit_amount_decimal: '0.125' }); // 0.5 → 1 (half away from zero)
    expect(lineAmount(perUnit('12.345'), 1000)).toEqual({ amount: 12345, unit_amount_decimal: '12.345' }); // 12.345 × 1000
  });

  it('applies transform_quantity before pricing', () => {
    // 11 seats in packs of 5: up → 3 packs × 2500 = 7500; down → 2 × 2500 = 5000
    expect(lineAmount(perUnit('2500', { divide_by: 5, round: 'up' }), 11)).toEqual({ amount: 7500, unit_amount_decimal: '681.818181818182' }); // 7500/11
    expect(lineAmount(perUnit('2500', { divide_by: 5, round: 'down' }), 11).amount).toBe(5000);
    expect(lineAmount(perUnit('2500', { divide_by: 5, round: 'up' }), 0)).toEqual({ amount: 0, unit_amount_decimal: '2500' });
  });
});

describe('tiered graduated', () => {
  it('sums each tier reached', () => {
    expect(priceAmount(graduated, 0).toString()).toBe('0');
    expect(priceAmount(graduated, 3).toString()).toBe('3500'); // 3 × 1000 + 500
    expect(priceAmount(graduated, 5).toString()).toBe('5500'); // 5 × 1000 + 500
    expect(priceAmount(graduated, 7).toString()).toBe('7100'); // 5500 + 2 × 800
    expect(priceAmount(graduated, 13).toString()).toBe('11401.5'); // 5500 + 5 × 800 + (3 × 600.5 + 100)
    expect(lineAmount(graduated, 13)).toEqual({ amount: 11402, unit_amount_decimal: null }); // 11401.5 → 11402
  });
});

describe('tiered volume', () => {
  it('prices the whole quantity at the tier it falls in', () => {
    expect(priceAmount(volume, 0).toString()).toBe('0');
    expect(priceAmount(volume, 5).toString()).toBe('5500'); // 5 × 1000 + 500
    expect(priceAmount(volume, 6).toString()).toBe('4800'); // 6 × 800
    expect(priceAmount(volume, 11).toString()).toBe('6705.5'); // 11 × 600.5 + 100
    expect(lineAmount(volume, 11).amount).toBe(6706);
  });
});

describe('properties', () => {
  it('graduated amount never decreases with quantity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 100 }), (q, extra) => {
        expect(priceAmount(graduated, q + extra).gte(priceAmount(graduated, q))).toBe(true);
      }),
    );
  });

  it('per-unit line amount is within half a unit of the exact product', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), (milli, q) => {
        const unit = (milli / 1000).toString();
        const { amount } = lineAmount(perUnit(unit), q);
        expect(Math.abs(amount - (milli * q) / 1000)).toBeLessThanOrEqual(0.5 + 1e-9);
      }),
    );
  });
});
