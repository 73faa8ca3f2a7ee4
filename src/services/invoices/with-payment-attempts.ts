// Runs a command that may start payment attempts: the command runs in one transaction in which
// its attempts are deferred (phase 1 only), then — committed — the gateway is called and the
// outcomes recorded in a second transaction. For API commands that pay (their routes run with
// `transaction: false`) and anything else that owns its transaction.
import type { ServiceContext } from '../../core/context.ts';
import { deferPaymentAttempts } from '../../payments/deferred-attempts.ts';
import { completeInvoicePaymentAttempts, type FinishedAttempt } from './finish-invoice-payment.ts';

export async function withPaymentAttempts<T>(
  ctx: ServiceContext,
  command: (tx: ServiceContext) => Promise<T>,
): Promise<{ result: T; finished: FinishedAttempt[] }> {
  if (ctx.db.inTransaction) throw new Error('withPaymentAttempts must run outside a transaction: the gateway is called after commit.');
  const { result, attempts } = await ctx.db.transaction(async (db) => {
    const deferred = deferPaymentAttempts(db);
    try {
      const result = await command({ ...ctx, db });
      return { result, attempts: deferred.take() };
    } catch (e) {
      deferred.take();
      throw e;
    }
  });
  return { result, finished: await completeInvoicePaymentAttempts(ctx, attempts) };
}
