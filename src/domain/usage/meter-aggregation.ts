// How a meter turns the usage parts of a span into one quantity (sum, count or last), and how the
// parts of adjacent spans combine: the whole hours from the aggregates and the edges from raw events.
import type { UsageParts } from '../../core/usage-store.ts';
import { assertNever } from '../assert-never.ts';

export const METER_FORMULAS = ['sum', 'count', 'last'] as const;
export type MeterFormula = (typeof METER_FORMULAS)[number];

export const EMPTY_PARTS: UsageParts = { sum: 0, count: 0, last: null, lastTime: null, lastIdentifier: null };

/** Whether event a (time, identifier) comes after event b: the later timestamp, ties by identifier. */
const isLater = (aTime: number, aId: string, bTime: number | null, bId: string | null): boolean =>
  bTime === null || aTime > bTime || (aTime === bTime && aId > (bId ?? ''));

export function combineParts(a: UsageParts, b: UsageParts): UsageParts {
  const bLater = b.lastTime !== null && isLater(b.lastTime, b.lastIdentifier ?? '', a.lastTime, a.lastIdentifier);
  return {
    sum: a.sum + b.sum,
    count: a.count + b.count,
    ...(bLater
      ? { last: b.last, lastTime: b.lastTime, lastIdentifier: b.lastIdentifier }
      : { last: a.last, lastTime: a.lastTime, lastIdentifier: a.lastIdentifier }),
  };
}

/** The parts of a list of events (for tests and the raw edges of a span). */
export function partsOf(events: Array<{ value: number; timestamp: number; identifier: string }>): UsageParts {
  let out = EMPTY_PARTS;
  for (const e of events)
    out = combineParts(out, { sum: e.value, count: 1, last: e.value, lastTime: e.timestamp, lastIdentifier: e.identifier });
  return out;
}

export function meterQuantity(formula: MeterFormula, parts: UsageParts): number {
  switch (formula) {
    case 'sum':
      return parts.sum;
    case 'count':
      return parts.count;
    case 'last':
      return parts.last ?? 0;
    default:
      return assertNever(formula);
  }
}
