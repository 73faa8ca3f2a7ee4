// CSV exports for the dashboard (Recur's own endpoints): exactly the rows a filter shows, authorized
// like the API (a secret key or the dashboard session).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';
import { ApiKeyVerifier } from '../http/auth.ts';
import { authenticate } from '../http/caller.ts';
import { csvLine } from '../http/csv.ts';
import { parseParams, z } from '../params.ts';
import { subscriptionFilterParams } from '../routes/recur-lookups.ts';
import { allSubscriptions } from '../../store/dashboard-search.ts';

const SUBSCRIPTION_COLUMNS = [
  'id',
  'status',
  'customer',
  'customer_name',
  'customer_email',
  'currency',
  'collection_method',
  'items',
  'created',
  'current_period_start',
  'current_period_end',
  'cancel_at_period_end',
];

const iso = (t: number | null | undefined) => (t ? new Date(t * 1000).toISOString() : '');

export function csvExportRoutes(context: ServiceContext) {
  const verifier = new ApiKeyVerifier(context.db, context.clock);

  async function exportSubscriptionsRoute(req: FastifyRequest, reply: FastifyReply) {
    await authenticate(context.db, context.clock, verifier, req);
    const filter = parseParams(z.strictObject(subscriptionFilterParams), req.query ?? {});
    let body = csvLine(SUBSCRIPTION_COLUMNS);
    for await (const batch of allSubscriptions(context.db, filter)) {
      for (const { subscription: s, customer: c } of batch) {
        const items = (s.items?.data ?? []).map((i: any) => `${i.price?.id ?? i.price}×${i.quantity ?? 1}`).join(' ');
        const first = s.items?.data?.[0];
        body += csvLine([
          s.id,
          s.status,
          c.id,
          c.name,
          c.email,
          s.currency,
          s.collection_method,
          items,
          iso(s.created),
          iso(first?.current_period_start),
          iso(first?.current_period_end),
          s.cancel_at_period_end,
        ]);
      }
    }
    reply.header('content-disposition', 'attachment; filename="subscriptions.csv"').type('text/csv; charset=utf-8');
    return body;
  }

  return (app: FastifyInstance) => {
    app.get('/v1/recur/exports/subscriptions.csv', exportSubscriptionsRoute);
  };
}
