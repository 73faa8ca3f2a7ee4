import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { addIntervals, INTERVALS, nextBoundaryAfter, periodAt } from './periods.ts';

const utc = (iso: string) => Date.parse(iso) / 1000;
const iso = (s: number) => new Date(s * 1000).toISOString();

describe('addIntervals', () => {
  it('moves by months and years exactly as a calendar library does (constrained to the month end)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -2_000_000_000, max: 4_000_000_000 }), fc.integer({ min: -300, max: 300 }), fc.constantFrom('month' as const, 'year' as const), (anchor, n, interval) => {
        const z = Temporal.Instant.fromEpochMilliseconds(anchor * 1000).toZonedDateTimeISO('UTC');
        const want = z.add(interval === 'month' ? { months: n } : { years: n }, { overflow: 'constrain' }).epochMilliseconds / 1000;
        expect(addIntervals(anchor, interval, 1, n)).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });

  it('clamps monthly boundaries to the month end and returns to the 31st', () => {
    const jan31 = utc('2024-01-31T10:20:30Z');
    expect([0, 1, 2, 3, 13].map((n) => iso(addIntervals(jan31, 'month', 1, n)))).toEqual([
      '2024-01-31T10:20:30.000Z',
      '2024-02-29T10:20:30.000Z', // leap year
      '2024-03-31T10:20:30.000Z',
      '2024-04-30T10:20:30.000Z',
      '2025-02-28T10:20:30.000Z',
    ]);
    expect(iso(addIntervals(jan31, 'month', 1, -2))).toBe('2023-11-30T10:20:30.000Z');
  });

  it('moves Feb 29 to Feb 28 in common years', () => {
    const feb29 = utc('2024-02-29T00:00:00Z');
    expect(iso(addIntervals(feb29, 'year', 1, 1))).toBe('2025-02-28T00:00:00.000Z');
    expect(iso(addIntervals(feb29, 'year', 1, 4))).toBe('2028-02-29T00:00:00.000Z');
  });

  it('counts days, weeks and interval_count', () => {
    const t = utc('2024-03-01T00:00:00Z');
    expect(iso(addIntervals(t, 'day', 1, 30))).toBe('2024-03-31T00:00:00.000Z');
    expect(iso(addIntervals(t, 'week', 2, 1))).toBe('2024-03-15T00:00:00.000Z');
    expect(iso(addIntervals(t, 'month', 3, 1))).toBe('2024-06-01T00:00:00.000Z');
  });
});

describe('periodAt', () => {
  it('finds the period containing an instant, before or after the anchor', () => {
    const anchor = utc('2024-01-31T12:00:00Z');
    const p = periodAt(anchor, 'month', 1, utc('2024-03-15T00:00:00Z'));
    expect([iso(p.start), iso(p.end)]).toEqual(['2024-02-29T12:00:00.000Z', '2024-03-31T12:00:00.000Z']);
    const before = periodAt(anchor, 'month', 1, utc('2023-12-31T11:59:59Z'));
    expect([iso(before.start), iso(before.end)]).toEqual(['2023-11-30T12:00:00.000Z', '2023-12-31T12:00:00.000Z']);
    expect(periodAt(anchor, 'month', 1, anchor)).toEqual({ start: anchor, end: utc('2024-02-29T12:00:00Z') });
    expect(nextBoundaryAfter(anchor, 'month', 1, anchor)).toBe(utc('2024-02-29T12:00:00Z'));
  });

  // Anchors over 2000–2040, biased towards days 29–31 and Feb 29.
  const anchorArb = fc.oneof(
    fc.integer({ min: utc('2000-01-01T00:00:00Z'), max: utc('2040-01-01T00:00:00Z') }),
    fc
      .record({
        year: fc.integer({ min: 2000, max: 2040 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 28, max: 31 }),
        second: fc.integer({ min: 0, max: 86_399 }),
      })
      .map(({ year, month, day, second }) => {
        const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
        return Date.UTC(year, month - 1, Math.min(day, lastDay)) / 1000 + second;
      }),
    fc.integer({ min: 0, max: 10 }).map((k) => utc(`${2000 + 4 * k}-02-29T00:00:00Z`)),
  );

  it('tiles time with no gap or overlap for every interval and anchor', () => {
    fc.assert(
      fc.property(
        anchorArb,
        fc.constantFrom(...INTERVALS),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: -30, max: 30 }),
        (anchor, interval, count, n) => {
          const start = addIntervals(anchor, interval, count, n);
          const end = addIntervals(anchor, interval, count, n + 1);
          expect(end).toBeGreaterThan(start);
          // every instant of [start, end) lies in that period; the next period starts at end exactly
          expect(periodAt(anchor, interval, count, start)).toEqual({ start, end });
          expect(periodAt(anchor, interval, count, end - 1)).toEqual({ start, end });
          expect(periodAt(anchor, interval, count, end).start).toBe(end);
          expect(nextBoundaryAfter(anchor, interval, count, start)).toBe(end);
        },
      ),
    );
  });

  it('returns a half-open period containing any instant', () => {
    fc.assert(
      fc.property(
        anchorArb,
        fc.constantFrom(...INTERVALS),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: utc('1995-01-01T00:00:00Z'), max: utc('2045-01-01T00:00:00Z') }),
        (anchor, interval, count, at) => {
          const p = periodAt(anchor, interval, count, at);
          expect(p.start).toBeLessThanOrEqual(at);
          expect(p.end).toBeGreaterThan(at);
        },
      ),
    );
  });

  it('keeps the anchor day of month when the month has it', () => {
    fc.assert(
      fc.property(anchorArb, fc.integer({ min: -60, max: 60 }), (anchor, n) => {
        const a = new Date(anchor * 1000);
        const b = new Date(addIntervals(anchor, 'month', 1, n) * 1000);
        const lastDay = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 0)).getUTCDate();
        expect(b.getUTCDate()).toBe(Math.min(a.getUTCDate(), lastDay));
        expect(b.getUTCHours() * 3600 + b.getUTCMinutes() * 60 + b.getUTCSeconds()).toBe(
          a.getUTCHours() * 3600 + a.getUTCMinutes() * 60 + a.getUTCSeconds(),
        );
      }),
    );
  });
});
