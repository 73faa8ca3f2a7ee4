// Webhook endpoints, their deliveries (one per event and endpoint, written by a trigger on
// `events`) and the attempts: the SQL of claiming due deliveries and recording their outcomes.
import type Stripe from 'stripe';
import type { Db } from '../db.ts';
import { getObject, insertObject, updateObject } from '../objects.ts';

export async function insertEndpoint(db: Db, endpoint: Stripe.WebhookEndpoint, secret: string): Promise<void> {
  await insertObject(db, 'webhook_endpoints', endpoint, { secret });
}

export function loadEndpoint(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Stripe.WebhookEndpoint | null> {
  return getObject<Stripe.WebhookEndpoint>(db, 'webhook_endpoints', id, opts);
}

export async function saveEndpoint(db: Db, endpoint: Stripe.WebhookEndpoint, opts: { clearFailing?: boolean } = {}): Promise<void> {
  await updateObject(db, 'webhook_endpoints', endpoint);
  if (opts.clearFailing) await db.query('UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1', [endpoint.id]);
}

/** Deletes the endpoint with its deliveries and attempts. */
export async function deleteEndpoint(db: Db, id: string): Promise<void> {
  await db.query('DELETE FROM webhook_endpoints WHERE id = $1', [id]);
}

/** A delivery claimed for one attempt: the event's stored JSON and where to send it. */
export interface ClaimedDelivery {
  seq: number;
  eventId: string;
  eventType: string;
  endpointId: string;
  /** Attempts made before this one. */
  attemptCount: number;
  firstAttemptAt: number;
  payload: string;
  url: string;
  secret: string;
}

/**
 * Claims up to `limit` due deliveries with a lease, in one committed statement. A delivery waits
 * while an earlier event about the same object is still pending for the same endpoint (order per
 * object); deliveries to disabled endpoints wait until the endpoint is enabled again (the few
 * disabled endpoints are excluded as a list rather than joined).
 */
export async function claimDueDeliveries(db: Db, now: number, lease: number, limit: number): Promise<ClaimedDelivery[]> {
  // The queue's statistics are rarely current (it fills and drains faster than ANALYZE runs), and
  // with stale ones the planner sorts every pending delivery to take the first few hundred: without
  // sorts it walks the due index in order and stops at `limit`. One short transaction, committed
  // before any POST.
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_sort = off');
    const claimed = await tx.query(
      `WITH due AS (
         SELECT d.seq FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND d.lease_until <= $1
            AND d.endpoint_id <> ALL (ARRAY(SELECT id FROM webhook_endpoints WHERE status <> 'enabled'))
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                             WHERE p.endpoint_id = d.endpoint_id AND p.object_id = d.object_id
                               AND p.status = 'pending' AND p.event_seq < d.event_seq)
          ORDER BY d.next_attempt_at, d.event_seq LIMIT $3 FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d SET lease_until = $1 + $2, first_attempt_at = coalesce(d.first_attempt_at, $1)
         FROM due WHERE d.seq = due.seq
       RETURNING d.seq, d.event_id, d.endpoint_id, d.attempt_count, d.first_attempt_at, d.event_seq`,
      [now, lease, limit],
    );
    if (!claimed.length) return [];
    await tx.query('SET LOCAL enable_sort = on');
    const events = await tx.query(`SELECT id, type, data::text AS payload FROM events WHERE id = ANY($1)`, [claimed.map((c: any) => c.event_id)]);
    const endpoints = await tx.query(`SELECT id, data->>'url' AS url, secret FROM webhook_endpoints WHERE id = ANY($1)`, [
      [...new Set(claimed.map((c: any) => c.endpoint_id as string))],
    ]);
    const eventById = new Map(events.map((e: any) => [e.id, e]));
    const endpointById = new Map(endpoints.map((w: any) => [w.id, w]));
    return claimed
      .sort((a: any, b: any) => Number(a.event_seq) - Number(b.event_seq))
      .filter((c: any) => eventById.has(c.event_id))
      .map((c: any) => ({
        seq: Number(c.seq),
        eventId: c.event_id,
        eventType: eventById.get(c.event_id).type,
        endpointId: c.endpoint_id,
        attemptCount: Number(c.attempt_count),
        firstAttemptAt: Number(c.first_attempt_at),
        payload: eventById.get(c.event_id).payload,
        url: endpointById.get(c.endpoint_id).url,
        secret: endpointById.get(c.endpoint_id).secret,
      }));
  });
}

/** What one attempt did to its delivery. */
export interface DeliveryOutcome {
  seq: number;
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: number;
  /** The attempt object (`id`, `created`, `webhook_endpoint`, `event` and the rest of what it says). */
  attempt: { data: { id: string; created: number; webhook_endpoint: string; event: string } & Record<string, unknown> };
}

/**
 * Records a batch of outcomes in one statement: the attempts (from one JSON array), their
 * deliveries, and the end of the failure streak of every endpoint that answered with a 2xx.
 */
export async function recordDeliveryOutcomes(db: Db, outcomes: DeliveryOutcome[], succeededEndpoints: string[]): Promise<void> {
  if (!outcomes.length) return;
  await db.query(
    `WITH attempts AS (
       INSERT INTO webhook_attempts (id, created, endpoint_id, event_id, data)
       SELECT x->>'id', (x->>'created')::bigint, x->>'webhook_endpoint', x->>'event', x FROM jsonb_array_elements($1::jsonb) x),
     streaks AS (
       UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ANY($5) AND failing_since IS NOT NULL)
     UPDATE webhook_deliveries d SET status = v.status, next_attempt_at = v.next_at, attempt_count = d.attempt_count + 1, lease_until = 0
       FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS v(seq, status, next_at) WHERE d.seq = v.seq`,
    [
      JSON.stringify(outcomes.map((o) => o.attempt.data)),
      outcomes.map((o) => o.seq),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.nextAttemptAt),
      succeededEndpoints,
    ],
  );
}

/**
 * Starts the failure streak (if none) of endpoints that failed in a batch where none of their
 * attempts succeeded. Returns them with the start of their streak.
 */
export async function startFailureStreaks(db: Db, failed: string[], now: number): Promise<Array<{ id: string; failingSince: number }>> {
  if (!failed.length) return [];
  const rows = await db.query(
    `UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, $2) WHERE id = ANY($1) RETURNING id, failing_since`,
    [failed, now],
  );
  return rows.map((r: any) => ({ id: r.id, failingSince: Number(r.failing_since) }));
}

/** Puts one event's delivery to one endpoint back in the queue, due at once (creating it if needed). */
export async function queueDelivery(db: Db, eventId: string, endpointId: string): Promise<void> {
  await db.query(
    `INSERT INTO webhook_deliveries (event_id, event_seq, endpoint_id, object_id)
     SELECT e.id, e.seq, $2, e.object_id FROM events e WHERE e.id = $1
     ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', next_attempt_at = 0, lease_until = 0, first_attempt_at = NULL`,
    [eventId, endpointId],
  );
}

/** How many deliveries of each event are still pending (an event's `pending_webhooks`). */
export async function pendingWebhookCounts(db: Db, eventIds: string[]): Promise<Map<string, number>> {
  if (!eventIds.length) return new Map();
  const rows = await db.query(
    `SELECT event_id, count(*)::int AS n FROM webhook_deliveries WHERE event_id = ANY($1) AND status = 'pending' GROUP BY event_id`,
    [eventIds],
  );
  return new Map(rows.map((r: any) => [r.event_id, r.n]));
}

/** Deletes events created before `before` with their deliveries, at most `limit` a call; returns how many. */
export async function purgeEventsBefore(db: Db, before: number, limit = 5000): Promise<number> {
  const rows = await db.query(
    `WITH old AS (SELECT id FROM events WHERE created < $1 ORDER BY created LIMIT $2),
          gone_deliveries AS (DELETE FROM webhook_deliveries d USING old WHERE d.event_id = old.id)
     DELETE FROM events e USING old WHERE e.id = old.id RETURNING e.id`,
    [before, limit],
  );
  return rows.length;
}
