import { describe, expect, it } from 'vitest';
import { afterDeliveryAttempt, endpointFailedTooLong, retryDelay, WEBHOOK_RETRY_WINDOW } from './webhook-retry.ts';

describe('webhook retries', () => {
  it('doubles the wait from one minute, at most six hours', () => {
    expect([1, 2, 3, 4, 9, 10, 11, 30].map(retryDelay)).toEqual([60, 120, 240, 480, 15_360, 21_600, 21_600, 21_600]);
  });

  it('retries a failure until three days after the first attempt, the last retry at the three-day mark', () => {
    const first = 1_000;
    expect(afterDeliveryAttempt({ attemptCount: 1, firstAttemptAt: first }, false, first)).toEqual({ status: 'pending', nextAttemptAt: first + 60 });
    // 2 h before the window closes, a 6 h wait would pass it: the retry falls at the mark itself.
    const late = first + WEBHOOK_RETRY_WINDOW - 7_200;
    expect(afterDeliveryAttempt({ attemptCount: 15, firstAttemptAt: first }, false, late)).toEqual({ status: 'pending', nextAttemptAt: first + WEBHOOK_RETRY_WINDOW });
    expect(afterDeliveryAttempt({ attemptCount: 16, firstAttemptAt: first }, false, first + WEBHOOK_RETRY_WINDOW)).toEqual({ status: 'failed', nextAttemptAt: 0 });
    expect(afterDeliveryAttempt({ attemptCount: 16, firstAttemptAt: first }, true, first + WEBHOOK_RETRY_WINDOW)).toEqual({ status: 'succeeded', nextAttemptAt: 0 });
  });

  it('disables an endpoint only after three days of nothing but failures', () => {
    expect(endpointFailedTooLong(null, 10_000_000)).toBe(false);
    expect(endpointFailedTooLong(0, WEBHOOK_RETRY_WINDOW - 1)).toBe(false);
    expect(endpointFailedTooLong(0, WEBHOOK_RETRY_WINDOW)).toBe(true);
  });
});
