// A recurring usage allowance: `units` free per paid period, drawn down by usage since the window
// began (the start of the last paid period). What a period bills is the usage in it that went
// beyond what was left; usage before the window began is billed whole.

export interface AllowanceWindow {
  units: number;
  windowStart: number;
}

/** The usage quantities billing a period with an allowance needs, all over half-open spans. */
export interface AllowanceUsage {
  /** Usage in [period.start, min(windowStart, period.end)) — before the allowance began (0 when none). */
  beforeWindow: number;
  /** Usage in [windowStart, period.start) — allowance already used before the period (0 when none). */
  windowBeforePeriod: number;
  /** Usage in [max(windowStart, period.start), period.end). */
  windowInPeriod: number;
}

/** The spans to measure for a period (null where the span is empty). */
export function allowanceSpans(w: AllowanceWindow, period: { start: number; end: number }) {
  const span = (start: number, end: number) => (end > start ? { start, end } : null);
  return {
    beforeWindow: span(period.start, Math.min(w.windowStart, period.end)),
    windowBeforePeriod: span(w.windowStart, period.start),
    windowInPeriod: span(Math.max(w.windowStart, period.start), period.end),
  };
}

/** The quantity to bill for the period: usage beyond the allowance, and usage before it began. */
export function billedBeyondAllowance(w: AllowanceWindow, u: AllowanceUsage): number {
  const overBefore = Math.max(0, u.windowBeforePeriod - w.units);
  const overAfter = Math.max(0, u.windowBeforePeriod + u.windowInPeriod - w.units);
  return u.beforeWindow + overAfter - overBefore;
}

/** What is left of the allowance after `used` units since the window began. */
export const allowanceRemaining = (w: AllowanceWindow, used: number): number => Math.max(0, w.units - used);
