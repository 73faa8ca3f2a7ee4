import { describe, expect, it } from 'vitest';
import { allowanceSpans, billedBeyondAllowance, periodPaidFor, refilledWindowStart } from './allowance.ts';

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

  it('knows the period an invoice pays for from its period lines', () => {
    const JAN = 100;
    const FEB = 200;
    const MAR = 300;
    const plan = (start: number, end: number, proration = false) => ({ proration, inArrears: false, period: { start, end } });
    const usage = (start: number, end: number) => ({ proration: false, inArrears: true, period: { start, end } });
    expect(periodPaidFor([plan(JAN, FEB)])).toBe(JAN); // the creation invoice
    expect(periodPaidFor([plan(FEB, MAR), usage(JAN, FEB)])).toBe(FEB); // February's renewal: February's plan, January's usage
    expect(periodPaidFor([usage(JAN, FEB)])).toBe(FEB); // metered only: the renewal that opens February
    expect(periodPaidFor([plan(150, FEB, true), plan(150, FEB, true)])).toBeNull(); // a proration invoice mid-January
    expect(periodPaidFor([])).toBeNull(); // one-off items only
  });

  it('moves the window only forward, to a period that has begun', () => {
    const JAN = 100;
    const FEB = 200;
    const MAR = 300;
    expect(refilledWindowStart(JAN, [FEB], FEB)).toBe(FEB); // February paid in February
    expect(refilledWindowStart(JAN, [null], FEB)).toBeNull(); // a paid proration
    expect(refilledWindowStart(JAN, [FEB], MAR)).toBe(FEB); // February paid late, in March: February's allowance, not March's
    expect(refilledWindowStart(FEB, [MAR, FEB], MAR)).toBe(MAR); // both paid at once: the newest
    expect(refilledWindowStart(MAR, [FEB], MAR)).toBeNull(); // older than the window
    expect(refilledWindowStart(JAN, [JAN], FEB)).toBeNull(); // the window's own period again
    expect(refilledWindowStart(JAN, [MAR], FEB)).toBeNull(); // a period that has not begun for the item
  });
});
