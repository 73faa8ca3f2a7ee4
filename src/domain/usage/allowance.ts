// A recurring usage allowance: `units` free per paid period, drawn down by usage since the window
// began (the start of the last paid period). What a period bills is the usage in it that went
// beyond what was left; usage before the window began is billed whole. The window moves only when
// the invoice of a period is paid — the renewal or creation invoice that opens it — and only
// forward, never past the item's current period: a paid proration or one-off invoice refills nothing.

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

/** A subscription line of a paid invoice, as the allowance sees it. */
export interface PaidLine {
  proration: boolean;
  /** A metered line bills in arrears, for the period that ends: its period ends where the paid one starts. */
  inArrears: boolean;
  period: { start: number; end: number };
}

/**
 * The start of the period an invoice pays for: where its period lines meet the period they open (an
 * in-advance line's start, an in-arrears line's end). Null when it has no period line: prorations
 * and one-off items pay for no period.
 */
export function periodPaidFor(lines: PaidLine[]): number | null {
  const starts = lines.filter((l) => !l.proration).map((l) => (l.inArrears ? l.period.end : l.period.start));
  return starts.length ? Math.max(...starts) : null;
}

/**
 * Where paid invoices move a window: to the newest period they pay for that is newer than the window
 * and has begun for the item (at most its current period); null when the window stays.
 */
export function refilledWindowStart(windowStart: number, paidFor: Array<number | null>, itemPeriodStart: number): number | null {
  const moves = paidFor.filter((p): p is number => p !== null && p > windowStart && p <= itemPeriodStart);
  return moves.length ? Math.max(...moves) : null;
}
