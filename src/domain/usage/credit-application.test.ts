import { describe, expect, it } from 'vitest';
import { applyCredits, type GrantState } from './credit-application.ts';

const grant = (id: string, o: Partial<GrantState>): GrantState => ({
  id,
  currency: 'usd',
  remaining: 1000,
  priority: 50,
  effectiveAt: 0,
  expiresAt: null,
  created: 0,
  voided: false,
  scope: { metered: true, prices: null },
  ...o,
});
const line = (id: string, net: number, priceId = 'price_m', metered = true) => ({ id, net, priceId, metered });

describe('credit application', () => {
  it('takes by priority, then earliest expiry; expired, voided and future grants take no part', () => {
    const grants = [
      grant('late', { remaining: 500, expiresAt: 900 }),
      grant('soon', { remaining: 300, expiresAt: 200 }),
      grant('first', { remaining: 100, priority: 10 }),
      grant('gone', { remaining: 9999, expiresAt: 100, priority: 0 }),
      grant('void', { remaining: 9999, voided: true, priority: 0 }),
      grant('future', { remaining: 9999, effectiveAt: 500, priority: 0 }),
      grant('eur', { remaining: 9999, currency: 'eur', priority: 0 }),
    ];
    // 1,200 owed: 100 (priority 10) + 300 (expires 200) + 500 (expires 900); 300 left unpaid.
    expect(applyCredits(grants, [line('il_1', 1200)], 150, 'usd')).toEqual([
      { grantId: 'first', lineId: 'il_1', amount: 100 },
      { grantId: 'soon', lineId: 'il_1', amount: 300 },
      { grantId: 'late', lineId: 'il_1', amount: 500 },
    ]);
  });

  it('pays only eligible lines: metered ones, or the prices a grant names', () => {
    const grants = [grant('metered', { remaining: 700 }), grant('named', { remaining: 50, priority: 0, scope: { metered: false, prices: ['price_seat'] } })];
    expect(applyCredits(grants, [line('il_seat', 3500, 'price_seat', false), line('il_sms', 600), line('il_cases', 500)], 1, 'usd')).toEqual([
      { grantId: 'named', lineId: 'il_seat', amount: 50 },
      { grantId: 'metered', lineId: 'il_sms', amount: 600 },
      { grantId: 'metered', lineId: 'il_cases', amount: 100 }, // 700 − 600
    ]);
  });
});
