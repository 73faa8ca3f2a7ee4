// Billing periods from a billing cycle anchor: every boundary is computed from the anchor
// (never by chaining additions), in UTC, with calendar months clamped to the month's end.

import { assertNever } from './assert-never.ts';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];

/** Narrows a string from the edge (a Stripe `recurring.interval`) to an Interval. */
export function isInterval(value: string): value is Interval {
  return (INTERVALS as readonly string[]).includes(value);
}

export interface Period {
  start: number;
  end: number;
}

const DAY = 86_400;

function assertCount(intervalCount: number): void {
  if (!Number.isSafeInteger(intervalCount) || intervalCount < 1) {
    throw new RangeError(`interval_count must be a positive integer: ${intervalCount}`);
  }
}

interface UtcParts {
  year: number;
  /** 0-based, as Date counts them. */
  month: number;
  day: number;
  /** Seconds into the day. */
  time: number;
}

function toUtc(seconds: number): UtcParts {
  if (!Number.isSafeInteger(seconds)) throw new RangeError(`not a Unix timestamp in seconds: ${seconds}`);
  const d = new Date(seconds * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate(), time: seconds - Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 1000) };
}

/** The anchor moved by whole months, its day constrained to the target month's last day. */
function addMonths(anchor: number, months: number): number {
  const a = toUtc(anchor);
  const total = a.year * 12 + a.month + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = month === 1 && isLeap(year) ? 29 : MONTH_DAYS[month];
  const day = Math.min(a.day, lastDay);
  return utcSeconds(year, month, day) + a.time;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Seconds at midnight UTC of a date; years 0–99 are taken literally, not as 1900–1999. */
function utcSeconds(year: number, month: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, day);
  return Math.floor(d.getTime() / 1000);
}

/**
 * The n-th boundary from the anchor: anchor + n × intervalCount intervals, n may be 0 or
 * negative. Months and years constrain to the month's last day (Jan 31 → Feb 28/29 → Mar 31;
 * Feb 29 → Feb 28 in common years) and keep the anchor's time of day.
 */
export function addIntervals(anchor: number, interval: Interval, intervalCount: number, n: number): number {
  assertCount(intervalCount);
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer: ${n}`);
  const steps = n * intervalCount;
  switch (interval) {
    case 'day':
      return anchor + steps * DAY;
    case 'week':
      return anchor + steps * 7 * DAY;
    case 'month':
      return addMonths(anchor, steps);
    case 'year':
      return addMonths(anchor, steps * 12);
    default:
      return assertNever(interval, 'interval');
  }
}

/** A first guess of how many whole periods lie between anchor and at; corrected by the caller. */
function estimateIndex(anchor: number, interval: Interval, intervalCount: number, at: number): number {
  switch (interval) {
    case 'day':
      return Math.floor((at - anchor) / (DAY * intervalCount));
    case 'week':
      return Math.floor((at - anchor) / (7 * DAY * intervalCount));
    case 'month': {
      const a = toUtc(anchor);
      const b = toUtc(at);
      return Math.floor(((b.year - a.year) * 12 + (b.month - a.month)) / intervalCount);
    }
    case 'year':
      return Math.floor((toUtc(at).year - toUtc(anchor).year) / intervalCount);
    default:
      return assertNever(interval, 'interval');
  }
}

/** The index n of the period [boundary(n), boundary(n + 1)) that contains `at`. */
export function periodIndex(anchor: number, interval: Interval, intervalCount: number, at: number): number {
  let n = estimateIndex(anchor, interval, intervalCount, at);
  while (addIntervals(anchor, interval, intervalCount, n) > at) n--;
  while (addIntervals(anchor, interval, intervalCount, n + 1) <= at) n++;
  return n;
}

/** The half-open period [start, end) containing `at`, before or after the anchor. */
export function periodAt(anchor: number, interval: Interval, intervalCount: number, at: number): Period {
  const n = periodIndex(anchor, interval, intervalCount, at);
  return {
    start: addIntervals(anchor, interval, intervalCount, n),
    end: addIntervals(anchor, interval, intervalCount, n + 1),
  };
}

/** The smallest boundary strictly after `at`. */
export function nextBoundaryAfter(anchor: number, interval: Interval, intervalCount: number, at: number): number {
  return periodAt(anchor, interval, intervalCount, at).end;
}
