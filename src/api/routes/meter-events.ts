// /v1/billing/meter_events and /v1/billing/meter_event_adjustments: usage reported one event at a time.
import { route } from '../route.ts';
import { oneOf, str, timestamp, z } from '../params.ts';
import { meterEventObject, recordMeterEvents } from '../../services/meter-events/record-meter-events.ts';
import { cancelMeterEvent } from '../../services/meter-events/cancel-meter-event.ts';
import { paramName } from '../params.ts';

const payloadValue = z.union([z.string(), z.number()]).transform((v) => String(v));

export const meterEventParams = z.strictObject({
  event_name: str({ min: 1, max: 100 }),
  payload: z.record(z.string(), payloadValue, { error: 'payload must be a hash of string keys and values.' }),
  identifier: str({ min: 1, max: 100 }).optional(),
  timestamp: timestamp().optional(),
});

export const meterEventRoutes = [
  route({
    method: 'POST',
    path: '/v1/billing/meter_events',
    summary: 'Create a billing meter event',
    params: meterEventParams,
    handler: async function createMeterEventRoute(ctx, p) {
      const recorded = await recordMeterEvents(ctx, [p], (_i, path) => paramName(path));
      return meterEventObject(p, recorded.events[0], recorded.created);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/meter_event_adjustments',
    summary: 'Create a billing meter event adjustment',
    params: z.strictObject({
      event_name: str({ min: 1, max: 100 }),
      type: oneOf(['cancel']),
      cancel: z.strictObject({ identifier: str({ min: 1, max: 100 }) }),
    }),
    handler: function createMeterEventAdjustmentRoute(ctx, p) {
      return cancelMeterEvent(ctx, { event_name: p.event_name, identifier: p.cancel.identifier }, { identifier: 'cancel[identifier]', eventName: 'event_name' });
    },
  }),
];
