// /v1/billing/meters: create, retrieve, update, list, deactivate, reactivate, event_summaries.
import { route } from '../route.ts';
import { int, listParams, oneOf, str, timestamp, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { METER_FORMULAS } from '../../domain/usage/meter-aggregation.ts';
import { EVENT_TIME_WINDOWS } from '../../domain/usage/pre-aggregation.ts';
import { createMeter } from '../../services/meters/create-meter.ts';
import { deactivateMeter, reactivateMeter, updateMeter } from '../../services/meters/update-meter.ts';
import { loadMeter } from '../../services/meters/meter-store.ts';
import { listMeterEventSummaries } from '../../services/meters/meter-event-summaries.ts';

const payloadKey = str({ min: 1, max: 100 });

const createParams = z.strictObject({
  display_name: str({ min: 1, max: 250 }),
  event_name: str({ min: 1, max: 100 }),
  default_aggregation: z.strictObject({ formula: oneOf(METER_FORMULAS) }),
  customer_mapping: z.strictObject({ event_payload_key: payloadKey, type: oneOf(['by_id']) }).optional(),
  value_settings: z.strictObject({ event_payload_key: payloadKey }).optional(),
  event_time_window: oneOf(EVENT_TIME_WINDOWS).optional(),
});

const summariesParams = z.strictObject({
  customer: str({ min: 1 }),
  start_time: timestamp(),
  end_time: timestamp(),
  value_grouping_window: oneOf(EVENT_TIME_WINDOWS).optional(),
  limit: int({ min: 1, max: 100 }).optional(),
  starting_after: str().optional(),
  ending_before: str().optional(),
});

export const billingMeterRoutes = [
  route({
    method: 'POST',
    path: '/v1/billing/meters',
    summary: 'Create a billing meter',
    params: createParams,
    handler: function createMeterRoute(ctx, p) {
      return createMeter(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/meters/:id',
    summary: 'Retrieve a billing meter',
    params: z.strictObject({}),
    handler: function retrieveMeterRoute(ctx, _p, path) {
      return loadMeter(ctx.db, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/meters/:id',
    summary: 'Update a billing meter',
    params: z.strictObject({ display_name: str({ min: 1, max: 250 }).optional() }),
    handler: function updateMeterRoute(ctx, p, path) {
      return updateMeter(ctx, path.id, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/meters',
    summary: 'List billing meters',
    params: z.strictObject({ ...listParams, status: oneOf(['active', 'inactive']).optional() }),
    handler: function listMetersRoute(ctx, p) {
      return listEnvelope(ctx.db, 'billing_meters', '/v1/billing/meters', p, p.status ? [cond('status = ?', p.status)] : [], 'billing meter');
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/meters/:id/deactivate',
    summary: 'Deactivate a billing meter',
    params: z.strictObject({}),
    handler: function deactivateMeterRoute(ctx, _p, path) {
      return deactivateMeter(ctx, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/meters/:id/reactivate',
    summary: 'Reactivate a billing meter',
    params: z.strictObject({}),
    handler: function reactivateMeterRoute(ctx, _p, path) {
      return reactivateMeter(ctx, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/meters/:id/event_summaries',
    summary: "A meter's usage for one customer, per window",
    params: summariesParams,
    handler: function meterEventSummariesRoute(ctx, p, path) {
      return listMeterEventSummaries(ctx, path.id, p);
    },
  }),
];
