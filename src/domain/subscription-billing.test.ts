import { describe, expect, it } from 'vitest';
import { roundMinor } from './money.ts';
import type { PriceTerms } from './pricing/index.ts';
import { prorate } from './proration.ts';
import { firstPeriod, renewalLines } from './subscription-billing.ts';

const utc = (iso: string) => Date.parse(iso) / 1000;
const perUnit = (unit: string): PriceTerms => ({ billing_scheme: 'per_unit', unit_amount_decimal: unit, tiers_mode: null, tiers: null, transform_quantity: null });
const graduated: PriceTerms = {
  billing_scheme: 'tiered', unit_amount_decimal: null, tiers_mode: 'graduated', transform_quantity: null,
  tiers: [{ up_to: 1000, unit_amount_decimal: '0', flat_amount_decimal: null }, { up_to: null, unit_amount_decimal: '0.25', flat_amount_decimal: null }],
};

describe('renewalLines', () => {
  const period = { start: utc('2025-02-01T00:00:00Z'), end: utc('2025-03-01T00:00:00Z') };
  const previousPeriod = { start: utc('2025-01-01T00:00:00Z'), end: period.start };
  const items = [
    { itemId: 'si_seat', priceId: 'price_seat', terms: perUnit('1500'), quantity: 4 },
    { itemId: 'si_api', priceId: 'price_api', terms: graduated, quantity: 0, usageType: 'metered' as const, usageQuantity: '4321' },
  ];

  it('bills licensed items in advance and metered usage in arrears', () => {
    expect(renewalLines({ items, period, previousPeriod })).toEqual([
      // 4 × 1500 = 6000 for February
      { itemId: 'si_seat', priceId: 'price_seat', quantity: 4, amount: 6000, unit_amount_decimal: '1500', periodStart: period.start, periodEnd: period.end },
      // 1000 free, then 3321 × 0.25 = 830.25 → 830 for January
      { itemId: 'si_api', priceId: 'price_api', quantity: '4321', amount: 830, unit_amount_decimal: null, periodStart: previousPeriod.start, periodEnd: previousPeriod.end },
    ]);
  });

  it('bills no usage on the first invoice', () => {
    expect(renewalLines({ items, period, previousPeriod: null }).map((l) => l.itemId)).toEqual(['si_seat']);
  });
});

describe('firstPeriod', () => {
  it('is a full interval from the start without an anchor or trial', () => {
    const start = utc('2025-01-31T09:00:00Z');
    expect(firstPeriod({ start, interval: 'month', intervalCount: 1 })).toMatchObject({
      anchor: start, periodStart: start, periodEnd: utc('2025-02-28T09:00:00Z'), prorated: false, trial: false,
    });
  });

  it('runs to a future billing cycle anchor, prorated against the full interval ending there', () => {
    const start = utc('2025-01-10T00:00:00Z');
    const anchor = utc('2025-02-01T00:00:00Z');
    const p = firstPeriod({ start, interval: 'month', intervalCount: 1, billingCycleAnchor: anchor });
    // 22 of January's 31 days: 3100 × 22/31 = 2200
    expect(roundMinor(prorate(3100, p.fullPeriod.start, p.fullPeriod.end, p.periodStart, p.periodEnd))).toBe(2200);
    expect(p).toEqual({ anchor, periodStart: start, periodEnd: anchor, prorated: true, fullPeriod: { start: utc('2025-01-01T00:00:00Z'), end: anchor }, trial: false });
  });

  it('ends at the trial end, which becomes the anchor', () => {
    const start = utc('2025-01-10T00:00:00Z');
    const trialEnd = utc('2025-01-24T00:00:00Z');
    expect(firstPeriod({ start, interval: 'month', intervalCount: 1, trialEnd })).toMatchObject({
      anchor: trialEnd, periodStart: start, periodEnd: trialEnd, prorated: false, trial: true,
    });
  });
});
