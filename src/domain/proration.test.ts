import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundMinor } from './money.ts';
import type { PriceTerms } from './pricing/index.ts';
import { prorate, prorationLines, type ItemTerms } from './proration.ts';

const DAY = 86_400;
const jan1 = Date.parse('2025-01-01T00:00:00Z') / 1000;
const feb1 = jan1 + 31 * DAY;
const perUnit = (unit: string): PriceTerms => ({ billing_scheme: 'per_unit', unit_amount_decimal: unit, tiers_mode: null, tiers: null, transform_quantity: null });
const item = (itemId: string, priceId: string, unit: string, quantity: number, usageType: ItemTerms['usageType'] = 'licensed'): ItemTerms => ({
  itemId, priceId, terms: perUnit(unit), quantity, usageType,
});

describe('prorate', () => {
  it('prorates by seconds', () => {
    expect(roundMinor(prorate(3500, jan1, feb1, jan1 + 17 * DAY))).toBe(1581); // 3500 × 14/31 = 1580.645… → 1581
    expect(prorate(3500, jan1, feb1, jan1).toString()).toBe('3500'); // whole period
    expect(prorate(3500, jan1, feb1, jan1 - DAY, feb1 + DAY).toString()).toBe('3500'); // clamped
    expect(prorate(3500, jan1, feb1, feb1).toString()).toBe('0');
  });

  it('prorating a whole period gives the whole price', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 2e9 }), fc.integer({ min: 1, max: 1e8 }), (amount, start, length) => {
        expect(prorate(amount, start, start + length, start).toNumber()).toBe(amount);
      }),
    );
  });
});

describe('prorationLines', () => {
  it('credits the old price and debits the new one for the remaining time', () => {
    const lines = prorationLines({
      periodStart: jan1, periodEnd: feb1, at: jan1 + 17 * DAY,
      before: [item('si_1', 'price_basic', '3500', 1), item('si_2', 'price_seat', '1000', 3), item('si_3', 'price_usage', '5', 0, 'metered')],
      after: [item('si_1', 'price_pro', '9900', 1), item('si_2', 'price_seat', '1000', 3), item('si_3', 'price_usage', '5', 0, 'metered'), item('si_4', 'price_addon', '1000', 2)],
    });
    expect(lines).toEqual([
      // 3500 × 14/31 = 1580.645… → −1581
      { kind: 'credit', itemId: 'si_1', priceId: 'price_basic', quantity: 1, amount: -1581, periodStart: jan1 + 17 * DAY, periodEnd: feb1 },
      // 9900 × 14/31 = 4470.967… → 4471
      { kind: 'debit', itemId: 'si_1', priceId: 'price_pro', quantity: 1, amount: 4471, periodStart: jan1 + 17 * DAY, periodEnd: feb1 },
      // 2 × 1000 × 14/31 = 903.225… → 903
      { kind: 'debit', itemId: 'si_4', priceId: 'price_addon', quantity: 2, amount: 903, periodStart: jan1 + 17 * DAY, periodEnd: feb1 },
    ]);
  });

  it('credits a removed item and a quantity decrease', () => {
    const lines = prorationLines({
      periodStart: jan1, periodEnd: feb1, at: jan1 + 30 * DAY,
      before: [item('si_1', 'price_seat', '1000', 5), item('si_2', 'price_x', '620', 1)],
      after: [item('si_1', 'price_seat', '1000', 2)],
    });
    // 5000 × 1/31 = 161.29 → −161; 2000 × 1/31 = 64.516 → 65; 620 × 1/31 = 20 → −20
    expect(lines.map((l) => [l.kind, l.itemId, l.amount])).toEqual([['credit', 'si_1', -161], ['debit', 'si_1', 65], ['credit', 'si_2', -20]]);
  });

  it('gives nothing when nothing changed or no time remains', () => {
    const items = [item('si_1', 'price_a', '1000', 1)];
    expect(prorationLines({ periodStart: jan1, periodEnd: feb1, at: jan1 + DAY, before: items, after: items })).toEqual([]);
    expect(prorationLines({ periodStart: jan1, periodEnd: feb1, at: feb1, before: items, after: [] })).toEqual([]);
  });

  it('credit plus debit equals the price difference over the remaining time within a unit per line', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: DAY, max: 366 * DAY }), fc.double({ min: 0, max: 1, noNaN: true }),
        (oldUnit, oldQty, newUnit, newQty, length, f) => {
          const at = jan1 + Math.floor(length * f);
          const lines = prorationLines({
            periodStart: jan1, periodEnd: jan1 + length, at,
            before: [item('si', 'price_old', String(oldUnit), oldQty)],
            after: [item('si', 'price_new', String(newUnit), newQty)],
          });
          const exact = ((newUnit * newQty - oldUnit * oldQty) * (jan1 + length - at)) / length;
          const net = lines.reduce((s, l) => s + l.amount, 0);
          expect(Math.abs(net - exact)).toBeLessThanOrEqual(0.5 * lines.length + 1e-6);
          lines.forEach((l) => expect(l.kind === 'credit' ? l.amount <= 0 : l.amount >= 0).toBe(true));
        },
      ),
    );
  });
});
