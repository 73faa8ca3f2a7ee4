// The engine's recovery of refunds left processing (the process died between the phases, or the
// gateway's answer never came): each is asked again under its own key — the gateway answers a key
// it knows with the first outcome, so nothing is refunded twice — and the outcome recorded.
import type { ServiceContext } from '../../core/context.ts';
import type Stripe from 'stripe';
import { askGatewayToRefund, finishRefund } from './create-refund.ts';

/** Finishes refunds processing for longer than `olderThan` seconds; returns how many. Outside a transaction. */
export async function finishStuckRefunds(ctx: ServiceContext, opts: { olderThan: number; limit?: number }): Promise<number> {
  if (!ctx.gateway.refund) return 0;
  const rows = await ctx.db.query(
    `UPDATE refunds SET claimed_at = extract(epoch FROM clock_timestamp())
      WHERE id IN (SELECT id FROM refunds
                    WHERE gateway_state = 'processing' AND claimed_at <= extract(epoch FROM clock_timestamp()) - $1
                    ORDER BY claimed_at LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING data, gateway_key`,
    [opts.olderThan, opts.limit ?? 100],
  );
  let finished = 0;
  for (const r of rows) {
    const refund = r.data as Stripe.Refund;
    const result = await askGatewayToRefund(ctx, refund, r.gateway_key);
    if (result) {
      await finishRefund(ctx, refund.id, result);
      finished++;
    }
  }
  return finished;
}
