// /v1/events: retrieve and list (kept 30 days), and Recur's resend of one event to one endpoint.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, list, listParams, str, z } from '../params.ts';
import { listEvents, retrieveEvent } from '../../services/events/events.ts';
import { resendEvent } from '../../services/webhooks/resend-event.ts';

const listEventsParams = z.strictObject({
  ...listParams,
  type: str({ max: 200 }).optional(),
  types: list(str({ max: 200 }), { max: 20 }).optional(),
  delivery_success: bool().optional(),
});

function listEventsRoute(ctx: ServiceContext, p: z.output<typeof listEventsParams>) {
  return listEvents(ctx, p);
}

function retrieveEventRoute(ctx: ServiceContext, _p: unknown, path: Record<string, string>) {
  return retrieveEvent(ctx, path.id);
}

const resendParams = z.strictObject({ webhook_endpoint: str({ min: 1, max: 200 }) });

function resendEventRoute(ctx: ServiceContext, p: z.output<typeof resendParams>, path: Record<string, string>) {
  return resendEvent(ctx, path.id, p.webhook_endpoint);
}

export const eventRoutes = [
  route({ method: 'GET', path: '/v1/events', summary: 'List events (the last 30 days), newest first', params: listEventsParams, handler: listEventsRoute }),
  route({ method: 'GET', path: '/v1/events/:id', summary: 'Retrieve an event', params: z.strictObject({}), handler: retrieveEventRoute }),
  route({
    method: 'POST',
    path: '/v1/recur/events/:id/resend',
    summary: 'Resend an event to one webhook endpoint now (Recur): the engine delivers it',
    params: resendParams,
    handler: resendEventRoute,
  }),
];
