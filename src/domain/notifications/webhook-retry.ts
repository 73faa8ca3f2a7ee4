// When a webhook delivery is tried again after a failure, when it gives up, and when a failing
// endpoint is disabled. Times are the engine's clock (Unix seconds).

/** Retries stop, and a continuously failing endpoint is disabled, after this long. */
export const WEBHOOK_RETRY_WINDOW = 3 * 86_400;
const FIRST_DELAY = 60;
const MAX_DELAY = 6 * 3_600;

/** Seconds to wait after the n-th failed attempt (n ≥ 1): 1 min, 2, 4, 8 … doubling, at most 6 h. */
export function retryDelay(failedAttempts: number): number {
  return Math.min(FIRST_DELAY * 2 ** Math.max(0, failedAttempts - 1), MAX_DELAY);
}

export interface DeliveryState {
  attemptCount: number;
  firstAttemptAt: number;
}

export type DeliveryAfterAttempt =
  | { status: 'succeeded'; nextAttemptAt: 0 }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed'; nextAttemptAt: 0 };

/**
 * The delivery after an attempt made at `now` (attemptCount counts it). A failure is retried with
 * exponential backoff; the last retry falls at the end of the window, after which it has failed.
 */
export function afterDeliveryAttempt(d: DeliveryState, ok: boolean, now: number): DeliveryAfterAttempt {
  if (ok) return { status: 'succeeded', nextAttemptAt: 0 };
  const giveUpAt = d.firstAttemptAt + WEBHOOK_RETRY_WINDOW;
  if (now >= giveUpAt) return { status: 'failed', nextAttemptAt: 0 };
  return { status: 'pending', nextAttemptAt: Math.min(now + retryDelay(d.attemptCount), giveUpAt) };
}

/** An endpoint whose attempts have all failed since `failingSince` is disabled once the window has passed. */
export function endpointFailedTooLong(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= WEBHOOK_RETRY_WINDOW;
}
