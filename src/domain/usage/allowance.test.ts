import { describe, expect, it } from 'vitest';
import { allowanceSpans, billedBeyondAllowance } from './allowance.ts';

describe('usage allowance', () => {
  it('bills only what goes beyond the allowance, across periods of one window', () => {
    const w = { units: 1000, windowStart: 0 };
    expect(billedBeyondAllowance(w, { beforeWindow: 0, windowBeforePeriod: 0, windowInPeriod: 1500 })).toBe(500); // 1500 − 1000
    expect(billedBeyondAllowance(w, { beforeWindow: 0, windowBeforePeriod: 0, windowInPeriod: 800 })).toBe(0);
    // Not refilled: 1,500 already used in the window, 300 more are all billed.
    expect(billedBeyondAllowance(w, { beforeWindow: 0, windowBeforePeriod: 1500, windowInPeriod: 300 })).toBe(300);
    // 700 used before, 600 now: 300 of them beyond (700 + 600 − 1000).
    expect(billedBeyondAllowance(w, { beforeWindow: 0, windowBeforePeriod: 700, windowInPeriod: 600 })).toBe(300);
    // An allowance that began mid-period: usage before it is billed whole.
    expect(billedBeyondAllowance(w, { beforeWindow: 40, windowBeforePeriod: 0, windowInPeriod: 1001 })).toBe(41);
  });

  it('splits a period around the window start', () => {
    expect(allowanceSpans({ units: 1, windowStart: 50 }, { start: 0, end: 100 })).toEqual({ beforeWindow: { start: 0, end: 50 }, windowBeforePeriod: null, windowInPeriod: { start: 50, end: 100 } });
    expect(allowanceSpans({ units: 1, windowStart: 0 }, { start: 100, end: 200 })).toEqual({ beforeWindow: null, windowBeforePeriod: { start: 0, end: 100 }, windowInPeriod: { start: 100, end: 200 } });
  });
});
