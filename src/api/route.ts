// How a resource declares an endpoint: method, path, parameter schema and a handler.
// The plumbing in app.ts does auth, decoding, validation, transactions, idempotency and expand.
import type { z } from 'zod';
import type { Db } from '../store/db.ts';
import type { Clock } from '../engine/clock.ts';
import type { IdGenerator } from '../store/id-generator.ts';

/** What every service receives: the database (a transaction during writes), the clock and ids. */
export interface ServiceContext {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
  /** The API request that caused the change, recorded on events. */
  requestId?: string;
  idempotencyKey?: string;
  /** Services registered by later layers (payment gateway, engine hooks…). */
  services: AppServices;
}

/** Extension point: later layers add their collaborators here (declaration merging). */
export interface AppServices {
  [name: string]: unknown;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface RouteDef<S extends z.ZodType = z.ZodType> {
  method: HttpMethod;
  /** Fastify path, e.g. `/v1/customers/:id`. */
  path: string;
  summary: string;
  /** Validates the query (GET, DELETE) or body (POST), minus `expand`. */
  params: S;
  /**
   * Writes run in one transaction with their idempotency record unless this is false
   * (long-running commands such as test clock advances manage their own transactions).
   */
  transaction?: boolean;
  handler: (ctx: ServiceContext, params: z.output<S>, path: Record<string, string>) => Promise<unknown>;
}

export const route = <S extends z.ZodType>(def: RouteDef<S>): RouteDef => def as unknown as RouteDef;
