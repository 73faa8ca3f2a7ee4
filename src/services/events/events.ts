// Reading the event log (/v1/events): events are kept 30 days (by their `created`), newest first;
// `pending_webhooks` is counted from the deliveries still pending when the event is read.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { resourceMissing } from '../../core/errors.ts';
import { cond, type Condition } from '../../store/objects.ts';
import { listEnvelope, type ListEnvelope, type ListQuery } from '../../store/list.ts';
import { pendingWebhookCounts } from '../../store/webhooks/webhook-store.ts';

export const EVENT_RETENTION = 30 * 86_400;

export interface ListEventsQuery extends ListQuery {
  type?: string;
  types?: string[];
  delivery_success?: boolean;
}

/** `customer.*` style types match by prefix, as Stripe's `type` filter allows. */
function typeCondition(type: string): Condition {
  if (!type.includes('*')) return cond('type = ?', type);
  const like = type.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%');
  return cond(`type LIKE ? ESCAPE '\\'`, like);
}

export async function listEvents(ctx: ServiceContext, q: ListEventsQuery): Promise<ListEnvelope<Stripe.Event>> {
  const conditions: Condition[] = [cond('created >= ?', ctx.clock.now() - EVENT_RETENTION)];
  if (q.type !== undefined) conditions.push(typeCondition(q.type));
  if (q.types?.length) conditions.push(cond('type = ANY(?)', q.types));
  // Stripe: true → every webhook delivered; false → some delivery still pending or failed.
  if (q.delivery_success === true)
    conditions.push(cond(`EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id) AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id AND d.status <> 'succeeded')`));
  if (q.delivery_success === false) conditions.push(cond(`EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = events.id AND d.status <> 'succeeded')`));
  const page = await listEnvelope<Stripe.Event>(ctx.db, 'events', '/v1/events', q, conditions, 'event');
  return { ...page, data: await withPendingWebhooks(ctx, page.data) };
}

export async function retrieveEvent(ctx: ServiceContext, id: string): Promise<Stripe.Event> {
  const rows = await ctx.db.query('SELECT data FROM events WHERE id = $1 AND created >= $2', [id, ctx.clock.now() - EVENT_RETENTION]);
  if (!rows.length) throw resourceMissing('event', id);
  const [event] = await withPendingWebhooks(ctx, [rows[0].data as Stripe.Event]);
  return event;
}

async function withPendingWebhooks(ctx: ServiceContext, events: Stripe.Event[]): Promise<Stripe.Event[]> {
  const pending = await pendingWebhookCounts(ctx.db, events.map((e) => e.id));
  return events.map((e) => ({ ...e, pending_webhooks: pending.get(e.id) ?? 0 }));
}
