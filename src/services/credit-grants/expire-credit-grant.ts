// A credit grant's expiry as due work: at expires_at the engine (test clocks included) debits what
// the grant still holds as one `credits_expired` transaction dated at that instant, then stops
// looking at it. The unique expiry key makes a second run write nothing.
import type { ServiceContext } from '../../core/context.ts';
import { decideExpiry } from '../../domain/usage/credit-expiry.ts';
import { grantState } from './grant-state.ts';
import { loadCreditGrant, recordExpiryOnce, remainingOf, scheduleCreditGrant, type CreditGrant } from './credit-grant-store.ts';

/** Expires the grant if its instant has come (in the caller's transaction, the grant locked). */
export async function settleExpiry(ctx: ServiceContext, grant: CreditGrant): Promise<void> {
  const remaining = (await remainingOf(ctx.db, [grant.id])).get(grant.id) ?? 0;
  const now = ctx.clock.now();
  const d = decideExpiry(grantState(grant, remaining), now);
  if (d.kind === 'expire') await recordExpiryOnce(ctx, grant, d.amount, d.at, now);
  await scheduleCreditGrant(ctx.db, grant.id, d.kind === 'wait' ? d.until : null);
}

/** The engine's processor for a grant whose next_action_at has come (ctx.clock is that instant). */
export async function processCreditGrantDue(ctx: ServiceContext, id: string): Promise<void> {
  await settleExpiry(ctx, await loadCreditGrant(ctx.db, id, { forUpdate: true }));
}
