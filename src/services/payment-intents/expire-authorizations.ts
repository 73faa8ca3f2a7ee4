// Uncaptured authorizations expire: an intent left in requires_capture is canceled 7 days after its
// charge was authorized (Stripe's default for cards), with cancellation_reason 'automatic', the
// authorization released at the gateway and payment_intent.canceled recorded at that instant. Run
// by the engine for the system clock and by a test clock's advance for its customers. Each release
// is its own three phases (no transaction spans the gateway call).
import type { ServiceContext } from '../../core/context.ts';
import { releaseAuthorization } from './capture-payment-intent.ts';

/** How long a card authorization can be captured (Stripe: 7 days). */
export const AUTHORIZATION_VALIDITY = 7 * 86_400;

export interface ExpiryScope {
  /** The test clock whose customers' authorizations to expire; null: customers on the system clock. */
  testClock: string | null;
  until: number;
}

/** Cancels every authorization in scope whose 7 days have passed by `until`, earliest first; returns how many. */
export async function expireAuthorizations(ctx: ServiceContext, scope: ExpiryScope): Promise<number> {
  const rows = await ctx.db.query(
    `SELECT pi.id, ch.created AS authorized_at FROM payment_intents pi
       JOIN charges ch ON ch.id = pi.data->>'latest_charge'
       LEFT JOIN customers cu ON cu.id = pi.customer_id
      WHERE pi.status = 'requires_capture' AND ch.created <= $1
        AND ${scope.testClock === null ? 'cu.test_clock IS NULL' : 'cu.test_clock = $2'}
      ORDER BY ch.created LIMIT 500`,
    scope.testClock === null ? [scope.until - AUTHORIZATION_VALIDITY] : [scope.until - AUTHORIZATION_VALIDITY, scope.testClock],
  );
  let expired = 0;
  for (const r of rows) {
    try {
      const pi = await releaseAuthorization(ctx, r.id, 'automatic', Number(r.authorized_at) + AUTHORIZATION_VALIDITY);
      if (pi.status === 'canceled') expired++;
    } catch {
      // Captured or canceled meanwhile, or the gateway refused: the next run looks again.
    }
  }
  return expired;
}
