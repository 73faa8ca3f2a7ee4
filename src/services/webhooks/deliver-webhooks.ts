// Sends due webhook deliveries, never inside a transaction: claim with a lease (one committed
// statement), POST each signed event, then record every attempt and what it means (retry
// schedule, failure streaks, disabling an endpoint that failed for 3 days) in one transaction.
// A sender that dies between the POST and the record leaves the lease to run out, and the event
// is sent again: at least once.
import type { ServiceContext } from '../../core/context.ts';
import { afterDeliveryAttempt, endpointFailedTooLong } from '../../domain/notifications/webhook-retry.ts';
import { mapBounded } from '../../payments/attempt-protocol.ts';
import { postWebhook, WEBHOOK_TIMEOUT_MS, type PostOutcome } from '../../events/webhooks/post-webhook.ts';
import { signatureHeader } from '../../events/webhooks/sign.ts';
import { recordEvent } from '../../events/record-event.ts';
import {
  claimDueDeliveries,
  loadEndpoint,
  recordDeliveryOutcomes,
  saveEndpoint,
  startFailureStreaks,
  type ClaimedDelivery,
  type DeliveryOutcome,
} from '../../store/webhooks/webhook-store.ts';
import { allowsPrivateAddresses } from './webhook-endpoints.ts';

/** Seconds a claimed delivery is held: well past the 10 s POST limit. */
export const DELIVERY_LEASE = 60;
export const DELIVERY_BATCH = 500;
export const DELIVERY_CONCURRENCY = 64;

/** Attempts the deliveries due at ctx.clock.now(), one batch; returns how many were attempted. */
export async function deliverDueWebhooks(ctx: ServiceContext, opts: { limit?: number; concurrency?: number } = {}): Promise<number> {
  const sentAt = ctx.clock.now();
  const claimed = await claimDueDeliveries(ctx.db, sentAt, DELIVERY_LEASE, opts.limit ?? DELIVERY_BATCH);
  if (!claimed.length) return 0;
  const allowPrivate = allowsPrivateAddresses(ctx);
  const results = await mapBounded(claimed, opts.concurrency ?? DELIVERY_CONCURRENCY, (d) =>
    postWebhook(d.url, d.payload, { 'Stripe-Signature': signatureHeader(d.payload, d.secret, sentAt) }, { allowPrivate, timeoutMs: WEBHOOK_TIMEOUT_MS }),
  );
  await recordAttempts(ctx, claimed, results);
  return claimed.length;
}

/** Runs batches until nothing is due at ctx.clock.now(); returns the attempts made. */
export async function runWebhookOutbox(ctx: ServiceContext): Promise<number> {
  let attempted = 0;
  for (let n; (n = await deliverDueWebhooks(ctx)) > 0; ) attempted += n;
  return attempted;
}

async function recordAttempts(ctx: ServiceContext, claimed: ClaimedDelivery[], results: PostOutcome[]): Promise<void> {
  const at = ctx.clock.now();
  const outcomes: DeliveryOutcome[] = claimed.map((d, i) => {
    const r = results[i];
    const attempt = d.attemptCount + 1;
    const after = afterDeliveryAttempt({ attemptCount: attempt, firstAttemptAt: d.firstAttemptAt }, r.ok, at);
    const id = ctx.ids.next('whatt');
    return {
      seq: d.seq,
      status: after.status,
      nextAttemptAt: after.nextAttemptAt,
      attempt: {
        data: {
          id,
          object: 'recur.webhook_attempt',
          created: at,
          webhook_endpoint: d.endpointId,
          event: d.eventId,
          event_type: d.eventType,
          url: d.url,
          attempt,
          succeeded: r.ok,
          status_code: r.statusCode,
          duration_ms: r.durationMs,
          response_body: r.body,
          error: r.error,
          delivery_status: after.status,
          next_attempt_at: after.status === 'pending' ? after.nextAttemptAt : null,
        },
      },
    };
  });
  const succeeded = [...new Set(claimed.filter((_, i) => results[i].ok).map((d) => d.endpointId))];
  const failed = [...new Set(claimed.filter((_, i) => !results[i].ok).map((d) => d.endpointId))].filter((id) => !succeeded.includes(id));
  await ctx.db.transaction(async (tx) => {
    await recordDeliveryOutcomes(tx, outcomes, succeeded);
    const streaks = await startFailureStreaks(tx, failed, at);
    for (const s of streaks.filter((s) => endpointFailedTooLong(s.failingSince, at))) await disableFailingEndpoint({ ...ctx, db: tx }, s.id);
  });
}

/** Disables an endpoint that has failed for the whole retry window and says so with an event (its owner gets an email). */
async function disableFailingEndpoint(ctx: ServiceContext, id: string): Promise<void> {
  const endpoint = await loadEndpoint(ctx.db, id, { forUpdate: true });
  if (!endpoint || endpoint.status !== 'enabled') return;
  const disabled = { ...endpoint, status: 'disabled' };
  await saveEndpoint(ctx.db, disabled);
  await recordEvent(ctx, 'recur.webhook_endpoint.disabled', disabled, { customerId: null, previousAttributes: { status: 'enabled' } });
}
