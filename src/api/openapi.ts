// GET /openapi.json: generated from the same zod schemas that validate requests.
import { z } from 'zod';
import type { RouteDef } from './route.ts';
import { STRIPE_API_VERSION } from '../core/api-version.ts';

export function openApiDocument(routes: RouteDef[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const schema = z.toJSONSchema(r.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete schema.$schema;
    const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const op: Record<string, unknown> = {
      summary: r.summary,
      operationId: `${r.method}${path}`.replace(/[^a-zA-Z0-9]+/g, '_'),
      parameters: [...pathParams],
      responses: { '200': { description: 'The object, as Stripe shapes it.' }, default: { description: 'An error object.' } },
    };
    if (r.method === 'POST') {
      op.requestBody = { content: { 'application/x-www-form-urlencoded': { schema }, 'application/json': { schema } } };
    } else {
      const props = (schema.properties ?? {}) as Record<string, unknown>;
      const required = new Set((schema.required ?? []) as string[]);
      (op.parameters as unknown[]).push(
        ...Object.entries(props).map(([name, s]) => ({ name, in: 'query', required: required.has(name), schema: s, style: 'deepObject' })),
      );
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Recur — Stripe-compatible billing API', version: STRIPE_API_VERSION },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
