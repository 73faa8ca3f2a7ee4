import { describe, expect, it } from 'vitest';
import { meterQuantity } from './meter-aggregation.ts';
import { preAggregatedParts, preAggregatedSpan, summaryGrouping, toDateEnd } from './pre-aggregation.ts';

const H = 3600;
const D = 86400;
const ev = (identifier: string, timestamp: number, value: number, arrival: number) => ({ identifier, timestamp, value, arrival });

describe('pre-aggregated meters (event_time_window)', () => {
  it('counts the windows that end inside the span: complete windows only', () => {
    expect(preAggregatedSpan({ start: 0, end: 3 * D }, D)).toEqual({ start: 0, end: 3 * D }); // aligned: days 0, 1, 2
    // A period from 03:00 to 03:00 a month later: the day it starts in ends inside it, the day it ends in does not.
    expect(preAggregatedSpan({ start: 3 * H, end: 30 * D + 3 * H }, D)).toEqual({ start: 0, end: 30 * D });
    expect(preAggregatedSpan({ start: 30 * D + 3 * H, end: 61 * D + 3 * H }, D)).toEqual({ start: 30 * D, end: 61 * D }); // picks up day 30
    expect(preAggregatedSpan({ start: 90 * 60, end: 150 * 60 }, H)).toEqual({ start: H, end: 2 * H }); // 01:30–02:30: the hour 01:00
    expect(preAggregatedSpan({ start: 10, end: 20 }, H)).toEqual({ start: 0, end: 0 }); // no window ends inside
  });

  it('reads to date through the window still open', () => {
    expect(toDateEnd(5 * H + 10, H)).toBe(6 * H);
    expect(toDateEnd(6 * H, H)).toBe(6 * H); // the instant 6:00 is not in [.., 6:00): the 5:00 window
    expect(toDateEnd(D + 1, D)).toBe(2 * D);
    expect(toDateEnd(777, null)).toBe(777);
  });

  it('keeps the most recently received event of each window, whatever its timestamp', () => {
    const events = [
      ev('a', 10, 40, 1), // day 0, replaced by b
      ev('b', 5, 25, 2), // day 0: received last, counts though its timestamp is earlier
      ev('c', D + 100, 7, 3), // day 1, replaced by e
      ev('d', 2 * D + 50, 9, 4), // day 2
      ev('e', D + H, 11, 5), // day 1
      ev('f', 3 * D, 1000, 6), // day 3: outside [0, 3 days)
    ];
    const parts = preAggregatedParts(events, { start: 0, end: 3 * D }, D);
    expect(meterQuantity('sum', parts)).toBe(45); // 25 + 11 + 9
    expect(meterQuantity('count', parts)).toBe(3); // three days reported
    expect(meterQuantity('last', parts)).toBe(9); // the latest day's value
    // The same span mid-day: day 0 ends inside (2:00, 2 days + 2:00], day 2 does not.
    expect(meterQuantity('sum', preAggregatedParts(events, { start: 2 * H, end: 2 * D + 2 * H }, D))).toBe(36); // 25 + 11
  });

  it('an hourly meter by day adds its hours; a daily meter by hour is refused', () => {
    const events = [ev('a', 0, 3, 1), ev('b', 60, 4, 2), ev('c', H, 5, 3), ev('d', 23 * H, 6, 4)];
    expect(meterQuantity('sum', preAggregatedParts(events, { start: 0, end: D }, H))).toBe(15); // 4 (replaced 3) + 5 + 6
    expect(meterQuantity('last', preAggregatedParts(events, { start: 0, end: D }, H))).toBe(6);
    expect(summaryGrouping('hour', 'day')).toEqual({ seconds: D });
    expect(summaryGrouping('hour', 'hour')).toEqual({ seconds: H });
    expect(summaryGrouping(null, 'hour')).toEqual({ seconds: H });
    expect(summaryGrouping('day', undefined)).toEqual({ seconds: null });
    expect(summaryGrouping('day', 'hour')).toEqual({ refused: expect.stringMatching(/pre-aggregated by day/) });
  });
});
