// Meters whose events arrive pre-aggregated (`event_time_window` hour or day): in each UTC window
// only the most recently received event counts — a newer one sent for the same window replaces the
// one before, as Stripe documents — and the meter's formula then runs over one value per window
// (`sum` adds the windows, `count` counts the windows reported, `last` is the latest window's).
// A window belongs to the span in which it ends: a span bills only complete windows, and the one
// that straddles a period's end goes to the next period, as Stripe's invoices do.
import type { UsageParts } from '../../core/usage-store.ts';
import { partsOf } from './meter-aggregation.ts';

export const EVENT_TIME_WINDOWS = ['hour', 'day'] as const;
export type EventTimeWindow = (typeof EVENT_TIME_WINDOWS)[number];

export const WINDOW_SECONDS: Record<EventTimeWindow, number> = { hour: 3600, day: 86400 };

/** Seconds of a meter's window, or null for a meter of raw events. */
export const windowSecondsOf = (w: string | null | undefined): number | null => (w === 'hour' || w === 'day' ? WINDOW_SECONDS[w] : null);

const alignDown = (t: number, w: number) => t - (((t % w) + w) % w);

/**
 * The event times a span [start, end) counts when events are pre-aggregated in windows of `w`
 * seconds: the windows that end within (start, end], which are those starting in
 * [alignDown(start), alignDown(end)). Adjacent spans give adjacent ranges, so periods that tile
 * count every window exactly once.
 */
export function preAggregatedSpan(span: { start: number; end: number }, w: number): { start: number; end: number } {
  return { start: alignDown(span.start, w), end: alignDown(span.end, w) };
}

/**
 * The end of a span that reads usage to date at `t` (exclusive): for a pre-aggregated meter it
 * reaches the end of the window holding t − 1, so the window still open counts with what it has
 * received so far. For what is left of an allowance and for alerts; invoices count complete windows.
 */
export const toDateEnd = (t: number, w: number | null): number => (w ? alignDown(t - 1, w) + w : t);

export interface ReceivedEvent {
  identifier: string;
  timestamp: number;
  value: number;
  /** Arrival order: a later arrival replaces an earlier one in the same window. */
  arrival: number;
}

/**
 * What a span's pre-aggregated events add up to: each window's most recently received event,
 * standing at its window's start. The usage store computes the same in SQL; this is its definition.
 */
export function preAggregatedParts(events: ReceivedEvent[], span: { start: number; end: number }, w: number): UsageParts {
  const range = preAggregatedSpan(span, w);
  const winners = new Map<number, ReceivedEvent>();
  for (const e of events) {
    if (e.timestamp < range.start || e.timestamp >= range.end) continue;
    const window = alignDown(e.timestamp, w);
    const held = winners.get(window);
    if (!held || e.arrival > held.arrival) winners.set(window, e);
  }
  return partsOf([...winners].map(([window, e]) => ({ value: e.value, timestamp: window, identifier: e.identifier })));
}

/**
 * The grouping of a meter's event summaries: a window finer than the meter's own cannot be
 * answered (its events hold one value per window), so it is refused with the reason.
 */
export function summaryGrouping(meterWindow: string | null, requested: EventTimeWindow | undefined): { seconds: number | null } | { refused: string } {
  if (!requested) return { seconds: null };
  const own = windowSecondsOf(meterWindow);
  if (own !== null && WINDOW_SECONDS[requested] < own)
    return { refused: `This meter's events are pre-aggregated by ${meterWindow} (event_time_window): its summaries can be grouped by ${meterWindow}, not by ${requested}.` };
  return { seconds: WINDOW_SECONDS[requested] };
}
