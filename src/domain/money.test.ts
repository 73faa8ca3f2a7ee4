import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMoney, allocate, money, roundMinor } from './money.ts';

describe('roundMinor', () => {
  it('rounds half away from zero', () => {
    expect(roundMinor('1580.645')).toBe(1581); // 3500 * 14/31 = 1580.645… → 1581
    expect(roundMinor('2.5')).toBe(3);
    expect(roundMinor('-2.5')).toBe(-3);
    expect(roundMinor('2.4999999999999')).toBe(2);
    expect(roundMinor('-0.4')).toBe(0);
    expect(Object.is(roundMinor('-0.4'), -0)).toBe(false);
  });
});

describe('allocate', () => {
  it('splits by largest remainder', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]); // 33.33… each, the extra unit to the first
    expect(allocate(1000, [700, 300])).toEqual([700, 300]);
    expect(allocate(10, [1, 2])).toEqual([3, 7]); // 3.33 → 3, 6.67 → 6 + 1
    expect(allocate(5, [0, 0])).toEqual([3, 2]); // all-zero weights: even split
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(0, [])).toEqual([]);
  });

  it('sums exactly and stays within one unit of the exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const w = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = w === 0 ? total / weights.length : (total * weights[i]) / w;
            expect(Math.abs(p - exact)).toBeLessThan(1 + 1e-6);
          });
        },
      ),
    );
  });
});

describe('Money', () => {
  it('refuses mixed currencies', () => {
    expect(addMoney(money(100, 'usd'), money(50, 'USD'))).toEqual({ amount: 150, currency: 'usd' });
    expect(() => addMoney(money(100, 'usd'), money(50, 'eur'))).toThrow(/mixed currencies/);
  });
});
