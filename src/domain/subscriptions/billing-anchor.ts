// The billing cycle anchor a new subscription asks for: a timestamp, or billing_cycle_anchor_config
// (day of month, optional month, hour, minute, second) resolved to the first such instant after
// the start, in UTC, with the day clamped to the month's length.
import { Temporal } from 'temporal-polyfill';
import { invalidRequest } from '../../core/errors.ts';

export interface AnchorConfig {
  day_of_month: number;
  month?: number;
  hour?: number;
  minute?: number;
  second?: number;
}

export function anchorFromConfig(config: AnchorConfig, start: number, interval: 'day' | 'week' | 'month' | 'year'): number {
  if (interval !== 'month' && interval !== 'year')
    throw invalidRequest('billing_cycle_anchor_config can only be used with monthly or yearly prices.', 'billing_cycle_anchor_config');
  if (config.month !== undefined && interval !== 'year')
    throw invalidRequest('billing_cycle_anchor_config[month] can only be used with yearly prices.', 'billing_cycle_anchor_config[month]');
  const s = Temporal.Instant.fromEpochMilliseconds(start * 1000).toZonedDateTimeISO('UTC');
  const at = (year: number, month: number) => {
    const ym = Temporal.PlainYearMonth.from({ year, month });
    return Temporal.ZonedDateTime.from({
      timeZone: 'UTC',
      year,
      month,
      day: Math.min(config.day_of_month, ym.daysInMonth),
      hour: config.hour ?? s.hour,
      minute: config.minute ?? s.minute,
      second: config.second ?? s.second,
    }).epochMilliseconds / 1000;
  };
  if (interval === 'year') {
    const month = config.month ?? s.month;
    const candidate = at(s.year, month);
    return candidate > start ? candidate : at(s.year + 1, month);
  }
  const candidate = at(s.year, s.month);
  if (candidate > start) return candidate;
  const next = s.toPlainDate().toPlainYearMonth().add({ months: 1 });
  return at(next.year, next.month);
}
