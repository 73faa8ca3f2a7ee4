// The stream's timestamps are read by a fast path for its usual form; it must give exactly what
// Date.parse gives (and refuse what it refuses) for every string, usual or not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { v2MeterEvent } from './v2-meter-event-params.ts';

const readTime = (timestamp: string) => {
  try {
    return v2MeterEvent({ event_name: 'e', payload: { value: '1' }, timestamp }, 0).timestamp;
  } catch {
    return 'refused';
  }
};
const byDateParse = (timestamp: string) => {
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(timestamp) ? Date.parse(timestamp) : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 'refused';
};

describe('v2 meter event timestamps', () => {
  it('read as Date.parse reads them', () => {
    for (const t of [
      '2026-01-31T12:00:00.000Z',
      '2026-01-31T12:00:00Z',
      '2026-02-30T00:00:00Z', // rolls over, as Date.parse does
      '2026-01-01T24:00:00Z',
      '2026-01-01T23:59:60Z',
      '2026-01-01T10:00:00.1234Z',
      '2026-01-01T10:00Z',
      '2026-01-01T10:00:00+01:00',
      '2026-13-01T10:00:00Z',
      '2026-01-01T1a:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '1970-01-01T00:00:00.000Z',
    ])
      expect(readTime(t), t).toBe(byDateParse(t));
  });

  it('agree with Date.parse on generated timestamps, hour after hour', () => {
    // Mostly valid fields, with the edges just past them.
    const field = (min: number, max: number, width = 2) => fc.integer({ min, max }).map((x) => String(x).padStart(width, '0'));
    const stamp = fc
      .tuple(field(1960, 2100, 4), field(0, 13), field(0, 32), field(0, 25), field(0, 60), field(0, 61), fc.constantFrom('', '.000', '.5', '.123', '.99x'), fc.constantFrom('Z', 'Z', 'z', '+00:00', ''))
      .map(([y, mo, d, h, mi, s, frac, zone]) => `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${zone}`);
    fc.assert(fc.property(fc.array(stamp, { minLength: 1, maxLength: 20 }), (stamps) => stamps.every((t) => readTime(t) === byDateParse(t))), { numRuns: 500 });
  });
});
