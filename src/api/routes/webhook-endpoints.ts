// /v1/webhook_endpoints: create, retrieve, update, delete, list; and Recur's list of an
// endpoint's delivery attempts.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { resourceMissing } from '../../core/errors.ts';
import { bool, emptyable, list, listParams, metadata, str, z } from '../params.ts';
import { cond, getObject } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  retrieveWebhookEndpoint,
  updateWebhookEndpoint,
} from '../../services/webhooks/webhook-endpoints.ts';

const fields = {
  description: emptyable(str({ max: 5000 })).optional(),
  metadata: metadata().optional(),
  enabled_events: list(str({ min: 1, max: 200 }), { max: 500 }).optional(),
  url: str({ min: 1, max: 2048 }).optional(),
};

const createParams = z.strictObject({
  ...fields,
  url: str({ min: 1, max: 2048 }),
  enabled_events: list(str({ min: 1, max: 200 }), { max: 500 }),
  api_version: str({ max: 100 }).optional(),
  connect: bool().optional(),
});

const updateParams = z.strictObject({ ...fields, disabled: bool().optional() });

function createWebhookEndpointRoute(ctx: ServiceContext, p: z.output<typeof createParams>) {
  const { connect: _connect, ...rest } = p;
  return createWebhookEndpoint(ctx, rest);
}

function retrieveWebhookEndpointRoute(ctx: ServiceContext, _p: unknown, path: Record<string, string>) {
  return retrieveWebhookEndpoint(ctx, path.id);
}

function updateWebhookEndpointRoute(ctx: ServiceContext, p: z.output<typeof updateParams>, path: Record<string, string>) {
  return updateWebhookEndpoint(ctx, path.id, p);
}

function deleteWebhookEndpointRoute(ctx: ServiceContext, _p: unknown, path: Record<string, string>) {
  return deleteWebhookEndpoint(ctx, path.id);
}

function listWebhookEndpointsRoute(ctx: ServiceContext, p: z.output<z.ZodObject<typeof listParams>>) {
  return listEnvelope(ctx.db, 'webhook_endpoints', '/v1/webhook_endpoints', p, [], 'webhook_endpoint');
}

async function listWebhookAttemptsRoute(ctx: ServiceContext, p: z.output<z.ZodObject<typeof listParams>>, path: Record<string, string>) {
  if (!(await getObject(ctx.db, 'webhook_endpoints', path.id))) throw resourceMissing('webhook_endpoint', path.id);
  return listEnvelope(ctx.db, 'webhook_attempts', `/v1/recur/webhook_endpoints/${path.id}/attempts`, p, [cond('endpoint_id = ?', path.id)], 'recur.webhook_attempt');
}

export const webhookEndpointRoutes = [
  route({ method: 'POST', path: '/v1/webhook_endpoints', summary: 'Create a webhook endpoint (the signing secret is returned only here)', params: createParams, handler: createWebhookEndpointRoute }),
  route({ method: 'GET', path: '/v1/webhook_endpoints/:id', summary: 'Retrieve a webhook endpoint', params: z.strictObject({}), handler: retrieveWebhookEndpointRoute }),
  route({ method: 'POST', path: '/v1/webhook_endpoints/:id', summary: 'Update a webhook endpoint (disabled=true|false sets its status)', params: updateParams, handler: updateWebhookEndpointRoute }),
  route({ method: 'DELETE', path: '/v1/webhook_endpoints/:id', summary: 'Delete a webhook endpoint', params: z.strictObject({}), handler: deleteWebhookEndpointRoute }),
  route({ method: 'GET', path: '/v1/webhook_endpoints', summary: 'List webhook endpoints', params: z.strictObject({ ...listParams }), handler: listWebhookEndpointsRoute }),
  route({
    method: 'GET',
    path: '/v1/recur/webhook_endpoints/:id/attempts',
    summary: "List a webhook endpoint's delivery attempts, newest first (Recur): status code, duration, the first 1 KB of the answer, error",
    params: z.strictObject({ ...listParams }),
    handler: listWebhookAttemptsRoute,
  }),
];
