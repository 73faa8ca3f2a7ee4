// The engine's recovery of payment attempts left in processing — the process died between the
// phases, or the gateway's answer never came: each is finished by asking the gateway for the
// outcome under the attempt's own key (charging under it only if the gateway never saw it), then
// recording the outcome and its consequences (phase 3). A charge is never made under a new key.
import type { ServiceContext } from '../../core/context.ts';
import { askGateway, type ChargeAttempt } from '../../payments/attempt-protocol.ts';
import { claimStuckAttempts, loadPaymentIntentsById, loadPaymentMethodsById } from '../../payments/payment-attempt-store.ts';
import { finishInvoicePaymentAttempts } from '../invoices/finish-invoice-payment.ts';

export interface StuckAttemptOptions {
  /** Seconds an attempt must have been processing, untouched, before it counts as stuck. */
  olderThan: number;
  /** Attempts claimed per round. */
  limit?: number;
  /** Gateway calls in flight at once. */
  concurrency?: number;
}

/**
 * Finishes stuck attempts in rounds until none is left; returns how many were finished. Must run
 * outside a transaction. An attempt whose outcome is still unknown keeps processing, leased again
 * for `olderThan` seconds, and is left for a later run.
 */
export async function finishStuckPaymentAttempts(ctx: ServiceContext, opts: StuckAttemptOptions): Promise<number> {
  const limit = opts.limit ?? 100;
  const seen = new Set<string>();
  let finished = 0;
  for (;;) {
    const rows = (await claimStuckAttempts(ctx.db, opts.olderThan, limit)).filter((r) => !seen.has(r.id));
    if (!rows.length) return finished;
    for (const r of rows) seen.add(r.id);
    const intents = await loadPaymentIntentsById(ctx.db, rows.map((r) => r.paymentIntentId));
    const methods = await loadPaymentMethodsById(ctx.db, rows.map((r) => r.paymentMethodId));
    const attempts: ChargeAttempt[] = rows
      .filter((r) => intents.has(r.paymentIntentId) && methods.has(r.paymentMethodId))
      .map((r) => ({ ...r, paymentIntent: intents.get(r.paymentIntentId)!, paymentMethod: methods.get(r.paymentMethodId)! }));
    const results = await askGateway(ctx, attempts, { concurrency: opts.concurrency });
    const done = await finishInvoicePaymentAttempts(ctx, attempts, results);
    finished += done.filter((d) => d.outcome).length;
  }
}
