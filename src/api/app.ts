// The Fastify app factory: Stripe-compatible /v1 plumbing around the resource routes.
// Tested without opening a socket; server.ts binds it to a port.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Db } from '../core/db.ts';
import { randomIds } from '../core/ids.ts';
import { RecurError, internalError, invalidRequest, urlNotFound } from '../core/errors.ts';
import { httpStatusOf } from './http-status.ts';
import { parseParams } from './params.ts';
import type { ServiceContext } from '../core/context.ts';
import type { RouteDef } from './route.ts';
import { ApiKeyVerifier } from './http/auth.ts';
import { expandPaths, parseExpand } from './http/expand.ts';
import { findStored, paramsHash, storeResponse } from '../store/idempotency-keys.ts';
import { decodeForm } from './http/form.ts';
import { allRoutes } from './routes/index.ts';
import { openApiDocument } from './openapi.ts';

export interface AppDeps {
  /** The context commands run in (from the composition root); each request adds its own ids. */
  context: ServiceContext;
  /** Extra non-API pages (dashboard, hosted invoice pages) mounted by later layers. */
  plugins?: Array<(app: FastifyInstance) => void | Promise<void>>;
  logger?: boolean;
}

export { STRIPE_API_VERSION } from '../core/api-version.ts';
import { STRIPE_API_VERSION } from '../core/api-version.ts';

class ReplayInstead extends Error {}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    routerOptions: { querystringParser: decodeForm },
    genReqId: () => randomIds.next('req').slice(0, 18),
  });
  const { context } = deps;
  const db = context.db;
  const verifier = new ApiKeyVerifier(db);
  const routes = allRoutes();

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
    const apiError = toApiError(err);
    const status = httpStatusOf(apiError);
    if (status >= 500) req.log.error(err);
    reply.status(status).send({ error: { ...apiError.body, request_log_url: undefined } });
  });
  app.setNotFoundHandler((req, reply) => {
    const e = urlNotFound(req.method, req.url.split('?')[0]);
    reply.status(404).send({ error: e.body });
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
  for (const plugin of deps.plugins ?? []) await plugin(app);

  async function handle(def: RouteDef, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const apiKeyId = await verifier.verify(req.headers.authorization);
    const raw = (def.method === 'POST' ? req.body : req.query) ?? (req.body === null ? null : {});
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw invalidRequest('Invalid request body: expected a hash of parameters.');
    const { expand, ...rest } = raw as Record<string, unknown>;
    const expandList = parseExpand(expand);
    const params = parseParams(def.params, rest);
    const pathParams = req.params as Record<string, string>;
    const base = { ...context, requestId: req.id };

    if (def.method === 'GET') {
      const result = await def.handler({ ...base, db: db }, params, pathParams);
      return expandPaths(db, result, expandList);
    }

    const key = def.method === 'POST' ? (req.headers['idempotency-key'] as string | undefined) : undefined;
    if (key !== undefined && (key.length === 0 || key.length > 255))
      throw invalidRequest('Idempotency-Key must be between 1 and 255 characters.', undefined, 'idempotency_key_invalid');
    const hash = key ? paramsHash(def.method, req.url.split('?')[0], raw) : '';
    // Returns a boolean, never the reply: a FastifyReply is thenable, and awaiting it would wait for the
    // replayed answer to be sent and then run the command again.
    const replay = async (): Promise<boolean> => {
      const stored = key ? await findStored(db, apiKeyId, key, hash, context.clock.now()) : null;
      if (!stored) return false;
      reply.header('Idempotent-Replayed', 'true');
      reply.status(stored.status).type('application/json').send(stored.body);
      return true;
    };
    // Transactional commands skip the lookup: the key is inserted in the command's own transaction,
    // which fails on a stored key and is rolled back before the stored answer is replayed. That saves
    // a query on every POST (the SDK sends a key with each); replays, which are rare, pay instead.
    if (def.transaction === false && (await replay())) return reply;

    const run = async (db: Db) => {
      const ctx: ServiceContext = { ...base, db, idempotencyKey: key };
      const result = await def.handler(ctx, params, pathParams);
      const body = JSON.stringify(await expandPaths(db, result, expandList));
      if (key) {
        const stored = await storeResponse(db, {
          apiKeyId, key, method: def.method, path: req.url.split('?')[0], hash, status: 200, body, now: context.clock.now(),
        });
        if (!stored) throw new ReplayInstead();
      }
      return body;
    };
    try {
      const body = def.transaction === false ? await run(db) : await db.transaction(run);
      reply.type('application/json').send(body);
      return reply;
    } catch (e) {
      // A command replayed with its key may now fail (deleting what it deleted): the stored answer wins.
      if (key && (await replay())) return reply;
      // A declined card is an answer, not a failure to run: as Stripe does, a replay gets the same 402.
      if (key && e instanceof RecurError && e.kind === 'card_declined') {
        await storeResponse(db, {
          apiKeyId, key, method: def.method, path: req.url.split('?')[0], hash, status: 402,
          body: JSON.stringify({ error: e.body }), now: context.clock.now(),
        });
      }
      throw e;
    }
  }

  return app;
}

function toApiError(err: any): RecurError {
  if (err instanceof RecurError) return err;
  if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new RecurError(err.statusCode === 404 ? 'not_found' : 'invalid', { type: 'invalid_request_error', message: cleanFastifyMessage(err.message) });
  }
  return internalError();
}

function cleanFastifyMessage(m: string): string {
  return m.replace(/^FST_\w+:\s*/, '') || 'Invalid request.';
}
