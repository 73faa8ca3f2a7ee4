// Creates a billing meter: which events it counts (event_name), whose they are (customer_mapping),
// which payload key holds the value (value_settings) and how a period's events add up (formula).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import type { MeterFormula } from '../../domain/usage/meter-aggregation.ts';
import type { EventTimeWindow } from '../../domain/usage/pre-aggregation.ts';
import { activeMetersByEventName, insertMeter, type Meter } from './meter-store.ts';

export interface CreateMeterInput {
  display_name: string;
  event_name: string;
  default_aggregation: { formula: MeterFormula };
  customer_mapping?: { event_payload_key: string; type: 'by_id' };
  value_settings?: { event_payload_key: string };
  event_time_window?: EventTimeWindow;
}

export async function createMeter(ctx: ServiceContext, input: CreateMeterInput): Promise<Meter> {
  if ((await activeMetersByEventName(ctx.db, [input.event_name])).size)
    throw invalidRequest(`An active meter already uses the event_name '${input.event_name}'.`, 'event_name');
  const now = ctx.clock.now();
  const meter: Stripe.Billing.Meter = {
    id: ctx.ids.next('mtr'),
    object: 'billing.meter',
    created: now,
    customer_mapping: { event_payload_key: input.customer_mapping?.event_payload_key ?? 'stripe_customer_id', type: 'by_id' },
    default_aggregation: { formula: input.default_aggregation.formula },
    display_name: input.display_name,
    event_name: input.event_name,
    event_time_window: input.event_time_window ?? null,
    livemode: false,
    status: 'active',
    status_transitions: { deactivated_at: null },
    updated: now,
    value_settings: { event_payload_key: input.value_settings?.event_payload_key ?? 'value' },
  };
  await insertMeter(ctx.db, meter);
  await recordEvent(ctx, 'billing.meter.created', meter);
  return meter;
}
