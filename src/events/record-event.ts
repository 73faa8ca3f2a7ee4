// The outbox: an event row is written in the same transaction as the change it describes.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import { STRIPE_API_VERSION } from '../core/api-version.ts';

export interface EventOptions {
  previousAttributes?: Record<string, unknown>;
  customerId?: string | null;
  /** The instant the event happened (a test clock's time for its customers); defaults to ctx.clock. */
  at?: number;
}

export async function recordEvent(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'ids' | 'requestId' | 'idempotencyKey'>,
  type: string,
  object: { id?: string; object?: string } & Record<string, any>,
  opts: EventOptions = {},
): Promise<void> {
  // The document is serialized at once (later changes to `object` cannot reach it) and written as
  // that text; nothing reads an event back as an object in the transaction that writes it.
  const event = {
    id: ctx.ids.next('evt'),
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created: opts.at ?? ctx.clock.now(),
    data: {
      object,
      ...(opts.previousAttributes ? { previous_attributes: opts.previousAttributes } : {}),
    },
    livemode: false,
    pending_webhooks: 0,
    request: { id: ctx.requestId ?? null, idempotency_key: ctx.idempotencyKey ?? null },
    type,
  } as unknown as Stripe.Event;
  const customerId = opts.customerId ?? (object.object === 'customer' ? object.id : typeof object.customer === 'string' ? object.customer : null);
  const row = [event.id, type, event.created, customerId ?? null, object.id ?? null, JSON.stringify(event)];
  const deferred = deferredEvents.get(ctx.db);
  const sql = 'INSERT INTO events (id, type, created, customer_id, object_id, data) VALUES ($1, $2, $3, $4, $5, $6)';
  // Nothing reads an event back in the transaction that writes it: it is enqueued, not waited for.
  if (deferred) deferred.push(row);
  else if (ctx.db.enqueue) ctx.db.enqueue(sql, row);
  else await ctx.db.query(sql, row);
}

/**
 * Events recorded through a transaction registered here are held and written by flushEvents, in
 * one multi-row INSERT, still inside that transaction (the engine does this for a batch of due
 * work). Nothing reads events back within the transaction that writes them.
 */
const deferredEvents = new WeakMap<object, unknown[][]>();

export function deferEvents(tx: object): { mark(): number; rollbackTo(mark: number): void } {
  const rows: unknown[][] = [];
  deferredEvents.set(tx, rows);
  return { mark: () => rows.length, rollbackTo: (mark) => void rows.splice(mark) };
}

/** Writes the events held for the transaction, in the order they were recorded. */
export async function flushEvents(tx: Pick<ServiceContext, 'db'>['db']): Promise<void> {
  const rows = deferredEvents.get(tx);
  if (!rows) return;
  deferredEvents.delete(tx);
  for (let at = 0; at < rows.length; at += 1000) {
    const chunk = rows.slice(at, at + 1000);
    await tx.query(
      `INSERT INTO events (id, type, created, customer_id, object_id, data) VALUES ${chunk.map((_, i) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${i * 6 + k}`).join(', ')})`).join(', ')}`,
      chunk.flat(),
    );
  }
}

export { previousAttributes } from '../core/previous-attributes.ts';
