// Instants the test stories run on (UTC), and the lengths of time they add.
export const HOUR = 3_600;
export const DAY = 86_400;
export const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
export const FEB_1 = JAN_1 + 31 * DAY;
export const MAR_1 = FEB_1 + 28 * DAY;
export const APR_1 = MAR_1 + 31 * DAY;
