// The dates billing stories start from, in Unix seconds (UTC), the lengths of time they add, and a
// calendar date as Unix seconds.
export const HOUR = 3_600;
export const DAY = 86_400;
export const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
export const FEB_1 = JAN_1 + 31 * DAY; // 2026-02-01
export const MAR_1 = FEB_1 + 28 * DAY; // 2026-03-01
export const APR_1 = MAR_1 + 31 * DAY; // 2026-04-01

/** Midnight UTC of a calendar date (month 1–12). */
export const utc = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 1000;
