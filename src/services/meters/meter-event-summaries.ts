// A meter's usage for one customer over a time range, per hour or day windows or as one total,
// answered from the aggregates (the same numbers an invoice bills). A meter that pre-aggregates by
// day cannot be summarized by hour.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, RecurError } from '../../core/errors.ts';
import { meterQuantity, type MeterFormula } from '../../domain/usage/meter-aggregation.ts';
import { summaryGrouping, type EventTimeWindow } from '../../domain/usage/pre-aggregation.ts';
import { loadMeter, meterSpan } from './meter-store.ts';
import { loadCustomer } from '../../store/customer-store.ts';

export interface MeterEventSummariesInput {
  customer: string;
  start_time: number;
  end_time: number;
  value_grouping_window?: EventTimeWindow;
  limit?: number;
  starting_after?: string;
  ending_before?: string;
}

export async function listMeterEventSummaries(ctx: ServiceContext, meterId: string, input: MeterEventSummariesInput) {
  const meter = await loadMeter(ctx.db, meterId);
  await loadCustomer(ctx.db, input.customer, { param: 'customer' }).catch((e) => {
    throw e instanceof RecurError ? e.asInvalid() : e;
  });
  if (input.end_time <= input.start_time) throw invalidRequest('end_time must be after start_time.', 'end_time');
  const decided = summaryGrouping(meter.event_time_window, input.value_grouping_window);
  if ('refused' in decided) throw invalidRequest(decided.refused, 'value_grouping_window');
  const grouping = decided.seconds;
  if (grouping && (input.start_time % grouping || input.end_time % grouping))
    throw invalidRequest(`start_time and end_time must be aligned to the ${input.value_grouping_window} when value_grouping_window is ${input.value_grouping_window}.`, 'start_time');
  const span = meterSpan(meter, input.customer, input.start_time, input.end_time);
  const formula = meter.default_aggregation.formula as MeterFormula;
  const windows = grouping
    ? await ctx.usage.summarize(ctx.db, span, grouping)
    : [{ start: span.start, end: span.end, parts: (await ctx.usage.aggregate(ctx.db, [span]))[0] }];
  const all: Stripe.Billing.MeterEventSummary[] = windows.map((w) => ({
    id: `mtrusg_${meter.id.slice(4)}_${w.start}`,
    object: 'billing.meter_event_summary',
    aggregated_value: meterQuantity(formula, w.parts),
    end_time: w.end,
    livemode: false,
    meter: meter.id,
    start_time: w.start,
  }));
  // Oldest window first, as Stripe lists them; cursors are summary ids.
  let from = 0;
  let to = all.length;
  if (input.starting_after) from = all.findIndex((s) => s.id === input.starting_after) + 1;
  else if (input.ending_before) to = Math.max(0, all.findIndex((s) => s.id === input.ending_before));
  const limit = input.limit ?? 10;
  const page = input.ending_before ? all.slice(Math.max(from, to - limit), to) : all.slice(from, from + limit);
  const has_more = input.ending_before ? to - limit > from : from + limit < to;
  return { object: 'list' as const, url: `/v1/billing/meters/${meter.id}/event_summaries`, has_more, data: page };
}
