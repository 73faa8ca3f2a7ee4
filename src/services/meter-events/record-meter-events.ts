// Records meter events (one from /v1/billing/meter_events, or a batch from the v2 stream): each is
// checked against its active meter and its customer, then the batch goes to the usage store in
// the caller's transaction, so an answer is sent only once the events are durable.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import type { UsageEvent } from '../../core/usage-store.ts';
import { activeMetersByEventName } from '../meters/meter-store.ts';
import { checkEventTime } from '../../domain/usage/event-time-window.ts';
import { allowancesWhere, usedSinceWindow } from '../allowances/allowance-store.ts';
import { checkAlerts } from '../alerts/alerts.ts';

export interface MeterEventInput {
  event_name: string;
  payload: Record<string, string>;
  identifier?: string;
  /** Unix seconds; the customer's now when absent. */
  timestamp?: number;
}

/** Names the parameter of event i for errors: `payload[value]` (v1) or `events[3].payload.value` (v2). */
export type ParamNamer = (i: number, path: string[]) => string;

const INTEGER = /^-?\d{1,15}$/;

interface BatchCustomers {
  /** The customer's now (its test clock's frozen time, or the clock's); undefined when missing or deleted. */
  nowOf(id: string): number | undefined;
  /** Whether any of them has an allowance that refuses usage beyond it. */
  refusing: boolean;
}

// One round trip and one row whatever the batch holds (the ids travel as JSON, which V8 writes far
// faster than a driver's array literal): how many exist, the few on test clocks, and allowances.
const BATCH_CUSTOMERS_SQL = `
WITH ids AS (SELECT json_array_elements_text($1::json) AS id),
found AS (
  SELECT c.id, tc.frozen_time FROM customers c LEFT JOIN test_clocks tc ON tc.id = c.test_clock
   WHERE c.id IN (SELECT id FROM ids) AND NOT c.deleted
)
SELECT (SELECT count(*)::int FROM found) AS n,
       (SELECT coalesce(json_object_agg(id, frozen_time), '{}') FROM found WHERE frozen_time IS NOT NULL) AS clocked,
       EXISTS (SELECT 1 FROM usage_allowances WHERE customer_id IN (SELECT id FROM ids) AND overage = 'refuse') AS refusing`;

/** What a batch needs to know of its (distinct) customers; the missing are looked for only when some are. */
async function batchCustomers(ctx: ServiceContext, ids: string[]): Promise<BatchCustomers> {
  const now = ctx.clock.now();
  const [found] = await ctx.db.query(BATCH_CUSTOMERS_SQL, [JSON.stringify(ids)]);
  const clocked = (typeof found.clocked === 'string' ? JSON.parse(found.clocked) : found.clocked) as Record<string, number>;
  let missing: Set<string> | null = null;
  if (found.n < ids.length) {
    const present = new Set((await ctx.db.query('SELECT id FROM customers WHERE id = ANY($1) AND NOT deleted', [ids])).map((r) => r.id as string));
    missing = new Set(ids.filter((id) => !present.has(id)));
  }
  return {
    nowOf: (id) => (missing?.has(id) ? undefined : Object.hasOwn(clocked, id) ? Number(clocked[id]) : now),
    refusing: found.refusing === true,
  };
}

/** What a batch of recorded events became: the events as the usage store keeps them, and their arrival. */
export interface RecordedMeterEvents {
  created: number;
  events: UsageEvent[];
}

/** The Stripe object of a recorded event (`input` and `event` at the same index). */
export const meterEventObject = (input: MeterEventInput, event: UsageEvent, created: number): Stripe.Billing.MeterEvent => ({
  object: 'billing.meter_event',
  created,
  event_name: input.event_name,
  identifier: event.identifier,
  livemode: false,
  payload: input.payload,
  timestamp: event.timestamp,
});

export async function recordMeterEvents(ctx: ServiceContext, inputs: MeterEventInput[], name: ParamNamer): Promise<RecordedMeterEvents> {
  const meters = await activeMetersByEventName(ctx.db, [...new Set(inputs.map((e) => e.event_name))]);
  const customerIds = new Array<string>(inputs.length);
  inputs.forEach((e, i) => {
    const meter = meters.get(e.event_name);
    if (!meter) throw invalidRequest(`No active meter was found for the event_name '${e.event_name}'.`, name(i, ['event_name']), 'resource_missing');
    const key = meter.customer_mapping.event_payload_key;
    const customer = e.payload[key];
    if (typeof customer !== 'string' || !customer) throw invalidRequest(`The payload must name the customer in ${key}.`, name(i, ['payload', key]), 'parameter_missing');
    customerIds[i] = customer;
  });
  const customers = [...new Set(customerIds)];
  const times = await batchCustomers(ctx, customers);
  const created = ctx.clock.now();
  const events = new Array<UsageEvent>(inputs.length);
  inputs.forEach((e, i) => {
    const meter = meters.get(e.event_name)!;
    const customerKey = meter.customer_mapping.event_payload_key;
    const customerNow = times.nowOf(customerIds[i]);
    if (customerNow === undefined)
      throw invalidRequest(`No such customer: '${customerIds[i]}'`, name(i, ['payload', customerKey]), 'resource_missing');
    const valueKey = meter.value_settings.event_payload_key;
    const raw = e.payload[valueKey];
    let value = 1;
    if (raw !== undefined || meter.default_aggregation.formula !== 'count') {
      if (typeof raw !== 'string' && typeof raw !== 'number')
        throw invalidRequest(`The payload must hold the event's value in ${valueKey}.`, name(i, ['payload', valueKey]), 'parameter_missing');
      if (!INTEGER.test(String(raw).trim()))
        throw invalidRequest(`The value in ${valueKey} must be a whole number (got '${raw}').`, name(i, ['payload', valueKey]));
      value = Number(raw);
    }
    const timestamp = e.timestamp ?? customerNow;
    const refusal = checkEventTime(timestamp, customerNow);
    if (refusal) throw invalidRequest(refusal, name(i, ['timestamp']), 'timestamp_outside_window');
    events[i] = { identifier: e.identifier ?? ctx.ids.next('mev'), meterId: meter.id, customerId: customerIds[i], timestamp, value };
  });
  if (times.refusing) await refuseBeyondAllowances(ctx, events, inputs, name, times, customers);
  await ctx.usage.ingest(ctx.db, events, created);
  await checkAlerts(ctx, events);
  return { created, events };
}

/** Events beyond an allowance that refuses overage are refused (the whole batch, naming the first). */
async function refuseBeyondAllowances(
  ctx: ServiceContext,
  events: UsageEvent[],
  inputs: MeterEventInput[],
  name: ParamNamer,
  times: BatchCustomers,
  customers: string[],
): Promise<void> {
  const refusing = await allowancesWhere(ctx.db, 'customer_id', customers, { refuseOnly: true });
  if (!refusing.length) return;
  const used = await usedSinceWindow(ctx.usage, ctx.db, refusing, (a) => times.nowOf(a.customer)! + 301);
  const left = new Map(refusing.map((a, k) => [`${a.meter}/${a.customer}`, { a, left: a.units - used[k] }]));
  const seen = new Set<string>();
  events.forEach((e, i) => {
    const entry = left.get(`${e.meterId}/${e.customerId}`);
    if (!entry || e.timestamp < entry.a.window_start || seen.has(e.identifier)) return;
    seen.add(e.identifier);
    entry.left -= entry.a.formula === 'count' ? 1 : e.value;
    if (entry.left < 0)
      throw invalidRequest(
        `The customer's allowance of ${entry.a.units} units on this meter is used up until its next paid period (${entry.a.id}).`,
        name(i, ['payload', inputs[i].payload.value === undefined ? 'stripe_customer_id' : 'value']),
        'allowance_exhausted',
      );
  });
}
