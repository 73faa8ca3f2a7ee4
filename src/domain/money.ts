// Money arithmetic: the one place amounts are rounded, and largest-remainder splits.
// Amounts are integer minor units; fractions are carried as exact decimals until rounded here.

import { Decimal } from 'decimal.js';

/**
 * The Decimal constructor the domain computes with: enough precision that sums of
 * `unit_amount_decimal` (12 places) times quantities are exact, and plain (non-exponent)
 * string output so amounts serialize as Stripe writes them.
 */
export const Dec = Decimal.clone({ precision: 64, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -64, toExpPos: 64 });
export type Dec = Decimal;

export function dec(value: Decimal.Value): Decimal {
  return new Dec(value);
}

/** Rounds to an integer number of minor units, half away from zero (Stripe's rule). */
export function roundMinor(value: Decimal.Value): number {
  const rounded = new Dec(value).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
  if (!Number.isSafeInteger(rounded)) throw new RangeError(`amount out of range: ${String(value)}`);
  return rounded === 0 ? 0 : rounded; // never -0
}

/**
 * Splits `total` minor units in proportion to `weights` so the parts sum to `total` exactly.
 * Each part gets the floor of its exact share; the remaining units go one at a time to the
 * largest fractional remainders (ties to the earlier index). All-zero weights split evenly.
 * A negative total is split as its absolute value and negated.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`total must be an integer: ${total}`);
  if (weights.some((w) => !Number.isFinite(w) || w < 0)) throw new RangeError('weights must be finite and non-negative');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over no weights');
    return [];
  }
  if (total < 0) return allocate(-total, weights).map((part) => (part === 0 ? 0 : -part));

  const sum = weights.reduce((acc, w) => acc.plus(w), new Dec(0));
  const effective = sum.isZero() ? weights.map(() => 1) : weights;
  const effectiveSum = sum.isZero() ? new Dec(weights.length) : sum;

  const shares = effective.map((w) => new Dec(total).times(w).div(effectiveSum));
  const parts = shares.map((s) => s.floor().toNumber());
  let remainder = total - parts.reduce((a, b) => a + b, 0);
  const order = shares
    .map((s, index) => ({ index, fraction: s.minus(s.floor()) }))
    .sort((a, b) => b.fraction.comparedTo(a.fraction) || a.index - b.index);
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) {
    parts[order[k].index] += 1;
  }
  return parts;
}

/** Sums integer amounts, refusing non-integers (a bug upstream, not an expected outcome). */
export function sumMinor(amounts: readonly number[]): number {
  let total = 0;
  for (const a of amounts) {
    if (!Number.isSafeInteger(a)) throw new RangeError(`not an integer amount: ${a}`);
    total += a;
  }
  return total;
}

/** An amount with its currency; operations on two of them refuse mixed currencies. */
export interface Money {
  amount: number;
  currency: string;
}

export function money(amount: number, currency: string): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not an integer amount: ${amount}`);
  return { amount, currency: currency.toLowerCase() };
}

export function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`mixed currencies: ${a.currency} and ${b.currency}`);
}

export function addMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtractMoney(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}
