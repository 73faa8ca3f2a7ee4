// How a resource declares an endpoint: method, path, parameter schema and a handler.
// The plumbing in app.ts does auth, decoding, validation, transactions, idempotency and expand.
import type { z } from 'zod';
import type { ServiceContext } from '../core/context.ts';

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
   * (commands that call out, such as card payments and test clock advances, manage their own).
   */
  transaction?: boolean;
  handler: (ctx: ServiceContext, params: z.output<S>, path: Record<string, string>) => Promise<unknown>;
}

export const route = <S extends z.ZodType>(def: RouteDef<S>): RouteDef => def as unknown as RouteDef;
