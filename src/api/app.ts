// The Fastify app factory: Stripe-compatible /v1 plumbing around the resource routes.
// Tested without opening a socket; server.ts binds it to a port.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Db } from '../core/db.ts';
import { randomIds } from '../core/ids.ts';
import { RecurError, conflict, internalError, invalidRequest, urlNotFound } from '../core/errors.ts';
import { httpStatusOf } from './http-status.ts';
import { parseParams } from './params.ts';
import type { ServiceContext } from '../core/context.ts';
import type { RouteDef } from './route.ts';
import { ApiKeyVerifier } from './http/auth.ts';
import { expandPaths, parseExpand } from './http/expand.ts';
import {
  claimInProgress,
  claimInTransaction,
  paramsHash,
  releaseClaim,
  storeResponse,
  type KeyRef,
} from '../store/idempotency-keys.ts';
import { decodeForm } from './http/form.ts';
import { allRoutes } from './routes/index.ts';
import { openApiDocument } from './openapi.ts';

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

/** What a POST answers: its status and JSON body, and whether that is a stored answer replayed. */
interface Answer {
  status: number;
  body: string;
  replayed: boolean;
}

const replayOf = (stored: { status: number; body: string }): Answer => ({ status: stored.status, body: stored.body, replayed: true });

/** Thrown inside a transaction to leave it (nothing written) when the key's command runs elsewhere. */
class InProgress extends Error {}

/** How often a duplicate polls a command in progress (up to 500 ms apart: about ten minutes). */
const MAX_WAITS = 1250;
const waits = new WeakMap<KeyRef, number>();
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

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
  const routes = deps.routes ?? allRoutes();

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
    const path = req.url.split('?')[0];
    const ref: KeyRef | null = key ? { apiKeyId, key, method: def.method, path, hash: paramsHash(def.method, path, raw) } : null;
    const command = async (db: Db): Promise<string> => {
      const ctx: ServiceContext = { ...base, db, idempotencyKey: key };
      const result = await def.handler(ctx, params, pathParams);
      return JSON.stringify(await expandPaths(db, result, expandList));
    };
    const answer = def.transaction === false ? await runOutside(ref, command) : await runInTransaction(ref, command);
    if (answer.replayed) reply.header('Idempotent-Replayed', 'true');
    // Returned as the reply, never awaited: a FastifyReply is thenable.
    reply.status(answer.status).type('application/json').send(answer.body);
    return reply;
  }

  /** The key is claimed in the command's own transaction, before the command runs. */
  async function runInTransaction(ref: KeyRef | null, command: (db: Db) => Promise<string>): Promise<Answer> {
    try {
      return await db.transaction(async (tx) => {
        if (ref) {
          const claim = await claimInTransaction(tx, ref, context.clock.now());
          if (claim.state === 'stored') return replayOf(claim);
          if (claim.state === 'in_progress') throw new InProgress();
        }
        const body = await command(tx);
        if (ref) await storeResponse(tx, ref, { status: 200, body }, context.clock.now());
        return { status: 200, body, replayed: false };
      });
    } catch (e) {
      if (e instanceof InProgress) return waitFor(ref!, () => runInTransaction(ref, command));
      if (ref) await storeDecline(ref, e);
      throw e;
    }
  }

  /**
   * Commands that commit in several transactions claim the key in a committed row first; a
   * duplicate polls until that row holds the answer.
   */
  async function runOutside(ref: KeyRef | null, command: (db: Db) => Promise<string>): Promise<Answer> {
    if (!ref) return { status: 200, body: await command(db), replayed: false };
    const claim = await claimInProgress(db, ref, context.clock.now());
    if (claim.state === 'stored') return replayOf(claim);
    if (claim.state === 'in_progress') return waitFor(ref, () => runOutside(ref, command));
    let body: string;
    try {
      body = await command(db);
    } catch (e) {
      const apiError = toApiError(e);
      if (apiError.kind === 'card_declined' || httpStatusOf(apiError) >= 500) {
        // As Stripe does: what the command answered once, after starting to change things, it answers again.
        await storeResponse(db, ref, { status: httpStatusOf(apiError), body: JSON.stringify({ error: apiError.body }) }, context.clock.now());
      } else {
        await releaseClaim(db, ref);
      }
      throw e;
    }
    await storeResponse(db, ref, { status: 200, body }, context.clock.now());
    return { status: 200, body, replayed: false };
  }

  /** A declined card is an answer, not a failure to run: as Stripe does, a replay gets the same 402. */
  async function storeDecline(ref: KeyRef, e: unknown): Promise<void> {
    if (!(e instanceof RecurError && e.kind === 'card_declined')) return;
    await storeResponse(db, ref, { status: 402, body: JSON.stringify({ error: e.body }) }, context.clock.now());
  }

  /** Polls (without holding a connection) until the request that holds the key has answered. */
  async function waitFor(ref: KeyRef, retry: () => Promise<Answer>): Promise<Answer> {
    const waited = (waits.get(ref) ?? 0) + 1;
    if (waited > MAX_WAITS) throw conflict(`A request with the Idempotency-Key '${ref.key}' is still in progress; retry later.`);
    waits.set(ref, waited);
    await sleep(Math.min(25 * waited, 500));
    return retry();
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
