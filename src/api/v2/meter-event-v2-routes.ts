// The v2 usage endpoints, as the official SDK calls them: a short-lived session
// (meter_event_session, with a secret key), the high-volume stream authenticated by the session's
// token (meter_event_stream, which answers only once its batch is committed), single events and
// adjustments. JSON in and out, v2 timestamps and errors.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { ApiKeyVerifier } from '../http/auth.ts';
import { createMeterEventSession, findMeterEventSession } from '../../services/meter-events/meter-event-sessions.ts';
import { recordMeterEvents } from '../../services/meter-events/record-meter-events.ts';
import { cancelMeterEvent } from '../../services/meter-events/cancel-meter-event.ts';
import { sendV2Error, sessionExpired, V2Error } from './v2-errors.ts';
import { v2MeterEvent, v2ParamName, v2StreamEvents } from './v2-meter-event-params.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();
const bearer = (req: FastifyRequest) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();

export function meterEventV2Routes(context: ServiceContext) {
  const verifier = new ApiKeyVerifier(context.db, context.clock);
  const ctxFor = (req: FastifyRequest): ServiceContext => ({ ...context, requestId: req.id });

  /** Runs a v2 handler with its own error shape. */
  const v2 =
    (fn: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    async (req: FastifyRequest, reply: FastifyReply) => {
      try {
        return reply.status(200).type('application/json').send(await fn(req, reply));
      } catch (e) {
        return sendV2Error(reply, e, (err) => req.log.error(err));
      }
    };

  async function createMeterEventSessionRoute(req: FastifyRequest) {
    await verifier.verifyWriter(req.headers.authorization, 'POST /v2/billing/meter_event_session');
    return createMeterEventSession(ctxFor(req));
  }

  async function meterEventStreamRoute(req: FastifyRequest) {
    const token = bearer(req);
    if (!token) throw new V2Error(401, 'invalid_request_error', 'unauthenticated', 'Send the meter event session token as a Bearer token.');
    const ctx = ctxFor(req);
    const session = await findMeterEventSession(ctx.db, token, ctx.clock.now());
    if (session === 'expired') throw sessionExpired();
    if (session === 'missing') throw new V2Error(401, 'invalid_request_error', 'unauthenticated', 'Unknown meter event session token.');
    const events = v2StreamEvents(req.body);
    await ctx.db.transaction((tx) => recordMeterEvents({ ...ctx, db: tx }, events, v2ParamName((i) => `events[${i}]`)));
    return {};
  }

  async function createV2MeterEventRoute(req: FastifyRequest) {
    await verifier.verifyWriter(req.headers.authorization, 'POST /v2/billing/meter_events');
    const ctx = ctxFor(req);
    const input = v2MeterEvent(req.body, '');
    const { created, events } = await ctx.db.transaction((tx) => recordMeterEvents({ ...ctx, db: tx }, [input], v2ParamName(() => '')));
    return { object: 'v2.billing.meter_event', created: iso(created), event_name: input.event_name, identifier: events[0].identifier, livemode: false, payload: input.payload, timestamp: iso(events[0].timestamp) };
  }

  async function createV2MeterEventAdjustmentRoute(req: FastifyRequest) {
    await verifier.verifyWriter(req.headers.authorization, 'POST /v2/billing/meter_event_adjustments');
    const ctx = ctxFor(req);
    const b = (req.body ?? {}) as Record<string, any>;
    if (typeof b.event_name !== 'string' || !b.event_name) throw invalidRequest('event_name is required.', 'event_name', 'parameter_missing');
    if (b.type !== 'cancel') throw invalidRequest("type must be 'cancel'.", 'type');
    if (typeof b.cancel?.identifier !== 'string') throw invalidRequest('cancel.identifier is required.', 'cancel.identifier', 'parameter_missing');
    const a = await cancelMeterEvent(ctx, { event_name: b.event_name, identifier: b.cancel.identifier }, { identifier: 'cancel.identifier', eventName: 'event_name' });
    return {
      id: ctx.ids.next('mea'),
      object: 'v2.billing.meter_event_adjustment',
      cancel: { identifier: b.cancel.identifier },
      created: iso(ctx.clock.now()),
      event_name: a.event_name,
      livemode: false,
      status: 'complete',
      type: 'cancel',
    };
  }

  return (app: FastifyInstance) => {
    app.post('/v2/billing/meter_event_session', v2(createMeterEventSessionRoute));
    app.post('/v2/billing/meter_event_stream', v2(meterEventStreamRoute));
    app.post('/v2/billing/meter_events', v2(createV2MeterEventRoute));
    app.post('/v2/billing/meter_event_adjustments', v2(createV2MeterEventAdjustmentRoute));
  };
}
