// The Fastify app factory: Stripe-compatible /v1 plumbing around the resource routes.
// Tested without opening a socket; server.ts binds it to a port.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Db } from '../core/db.ts';
import { randomIds } from '../core/ids.ts';
import { invalidRequest } from '../core/errors.ts';
import { httpStatusOf } from './http-status.ts';
import { parseParams } from './params.ts';
import type { ServiceContext } from '../core/context.ts';
import type { RouteDef } from './route.ts';
import { ApiKeyVerifier } from './http/auth.ts';
import { authenticate } from './http/caller.ts';
import { staffRoutes } from './dashboard/staff-routes.ts';
import { csvExportRoutes } from './dashboard/csv-exports.ts';
import { reportRoutes } from './dashboard/report-routes.ts';
import { portalRoutes } from './portal/portal-routes.ts';
import { meterEventV2Routes } from './v2/meter-event-v2-routes.ts';
import { threeDSecurePages } from './three-d-secure-pages.ts';
import { expandPaths, parseExpand } from './http/expand.ts';
import { paramsHash, type KeyRef } from '../store/idempotency-keys.ts';
import { decodeForm } from './http/form.ts';
import { allRoutes } from './routes/index.ts';
import { openApiDocument } from './openapi.ts';
import { amountTooLarge, largestNumberParam, toApiError } from './api-error.ts';
import { commandRunner } from './idempotent-command.ts';
import { unstorableTextError } from './http/text-check.ts';
import { clientErrorHandler, keptFrameworkStatus, routeRefusal } from './http/refusals.ts';

export interface AppDeps {
  /** The context commands run in (from the composition root); each request adds its own ids. */
  context: ServiceContext;
  /** Extra non-API pages (dashboard, hosted invoice pages) mounted by later layers. */
  plugins?: Array<(app: FastifyInstance) => void | Promise<void>>;
  logger?: boolean;
  /** The resource routes; all of them unless a test wraps some (to count handler runs). */
  routes?: RouteDef[];
}

export { STRIPE_API_VERSION } from '../core/api-version.ts';
import { STRIPE_API_VERSION } from '../core/api-version.ts';

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { querystringParser: decodeForm },
    genReqId: () => randomIds.next('req').slice(0, 18),
    clientErrorHandler,
  });
  const { context } = deps;
  const db = context.db;
  const verifier = new ApiKeyVerifier(db, context.clock);
  const routes = deps.routes ?? allRoutes();
  const run = commandRunner(db, context.clock);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, decodeForm(body as string));
    } catch {
      done(invalidRequest('Invalid form-encoded body.'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    if (!body) return done(null, {});
    try {
      done(null, (body as string).trim().startsWith('{') ? JSON.parse(body as string) : decodeForm(body as string));
    } catch {
      done(invalidRequest('Invalid request body: send form-encoded or JSON parameters.'), undefined);
    }
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.header('Request-Id', req.id);
    reply.header('Stripe-Version', STRIPE_API_VERSION);
  });

  app.setErrorHandler((err: any, req, reply) => {
    let apiError = toApiError(err);
    if (apiError.body.code === 'amount_too_large' && !apiError.body.param) {
      const culprit = largestNumberParam(req.method === 'GET' ? req.query : req.body);
      if (culprit) apiError = amountTooLarge(culprit.param);
    }
    const status = keptFrameworkStatus(err) ?? httpStatusOf(apiError);
    if (status >= 500) req.log.error(err);
    reply.status(status).send({ error: { ...apiError.body, request_log_url: undefined } });
  });
  app.setNotFoundHandler((req, reply) => {
    const r = routeRefusal(routes, req.method, req.url);
    reply.status(r.status).headers(r.headers ?? {}).send(r.body);
  });

  for (const def of routes) {
    app.route({
      method: def.method,
      url: def.path,
      handler: (req, reply) => handle(def, req, reply),
    });
  }

  app.get('/openapi.json', async () => openApiDocument(routes));
  app.get('/healthz', async () => ({ ok: true }));
  staffRoutes(context)(app);
  csvExportRoutes(context)(app);
  reportRoutes(context)(app);
  portalRoutes(context)(app);
  meterEventV2Routes(context)(app);
  threeDSecurePages(context)(app);
  for (const plugin of deps.plugins ?? []) await plugin(app);

  async function handle(def: RouteDef, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const apiKeyId = (await authenticate(db, context.clock, verifier, req)).keyOwner;
    const raw = (def.method === 'POST' ? req.body : req.query) ?? (req.body === null ? null : {});
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidRequest('Invalid request body: expected a hash of parameters.');
    const pathParams = req.params as Record<string, string>;
    // Before validation: text that cannot be stored is refused wherever it sits, naming where.
    const unstorable = unstorableTextError(pathParams) ?? unstorableTextError(raw);
    if (unstorable) throw unstorable;
    const { expand, ...rest } = raw as Record<string, unknown>;
    const expandList = parseExpand(expand);
    const params = parseParams(def.params, rest);
    const base = { ...context, requestId: req.id };

    if (def.method === 'GET') {
      const result = await def.handler({ ...base, db: db }, params, pathParams);
      return expandPaths(db, result, expandList);
    }

    const key = def.method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 255))
      throw invalidRequest('Idempotency-Key must be between 1 and 255 characters.', undefined, 'idempotency_key_invalid');
    const path = req.url.split('?')[0];
    const ref: KeyRef | null = key ? { apiKeyId, key, method: def.method, path, hash: paramsHash(def.method, path, raw) } : null;
    const command = async (db: Db): Promise<string> => {
      const ctx: ServiceContext = { ...base, db, idempotencyKey: key };
      const result = await def.handler(ctx, params, pathParams);
      return JSON.stringify(await expandPaths(db, result, expandList));
    };
    const answer = def.transaction === false ? await run.outsideTransaction(ref, command) : await run.inTransaction(ref, command);
    if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
    // Returned as the reply, never awaited: a FastifyReply is thenable.
    reply.status(answer.status).type('application/json').send(answer.body);
    return reply;
  }

  return app;
}
