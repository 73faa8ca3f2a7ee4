// The recurring part of a price: interval and count (at most three years, as Stripe allows),
// licensed or metered usage, the meter a metered price reads, and default trial days.
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import type { ParamName, RecurringInput } from './price-spec.ts';

/** The longest interval_count per interval: three years. */
export const MAX_INTERVAL_COUNT = { day: 1095, week: 156, month: 36, year: 3 } as const;

export function buildRecurring(r: RecurringInput, param: ParamName): Stripe.Price.Recurring {
  const count = r.interval_count ?? 1;
  const max = MAX_INTERVAL_COUNT[r.interval];
  if (count > max)
    throw invalidRequest(
      `The maximum billing frequency is three years: interval_count can be at most ${max} for interval=${r.interval}.`,
      param('recurring[interval_count]'),
    );
  const usage = r.usage_type ?? 'licensed';
  if (usage === 'metered' && r.meter === undefined) throw missingParam(param('recurring[meter]'));
  if (usage === 'licensed' && r.meter !== undefined)
    throw invalidRequest('recurring[meter] can only be set when recurring[usage_type] is metered.', param('recurring[meter]'));
  return {
    interval: r.interval,
    interval_count: count,
    meter: r.meter ?? null,
    trial_period_days: r.trial_period_days ?? null,
    usage_type: usage,
  };
}
