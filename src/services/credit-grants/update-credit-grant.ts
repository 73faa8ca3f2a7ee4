// Changes to a grant: its expiry and metadata, expiring it now (what remains is debited as
// credits_expired at once), or voiding what remains of it.
import type { ServiceContext } from '../../core/context.ts';
import { invalidState, invalidRequest } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { testClockTime } from '../../store/customer-clock.ts';
import { FixedClock } from '../../core/clock.ts';
import { loadCreditGrant, recordBalanceTransaction, remainingOf, saveCreditGrant, scheduleCreditGrant, type CreditGrant } from './credit-grant-store.ts';
import { settleExpiry } from './expire-credit-grant.ts';

/** The grant's own now: its test clock's time when it has one. */
async function grantNow(ctx: ServiceContext, g: CreditGrant): Promise<number> {
  return (await testClockTime(ctx.db, typeof g.test_clock === 'string' ? g.test_clock : (g.test_clock?.id ?? null))) ?? ctx.clock.now();
}

async function save(ctx: ServiceContext, before: CreditGrant, after: CreditGrant): Promise<CreditGrant> {
  await saveCreditGrant(ctx.db, after);
  await recordEvent(ctx, 'billing.credit_grant.updated', after, { previousAttributes: previousAttributes(before, after) });
  return after;
}

export async function updateCreditGrant(ctx: ServiceContext, id: string, input: { expires_at?: number | null; metadata?: Record<string, string | null> | null }): Promise<CreditGrant> {
  const before = await loadCreditGrant(ctx.db, id, { forUpdate: true });
  if (before.voided_at !== null) throw invalidState(`The credit grant ${id} is voided.`);
  const now = await grantNow(ctx, before);
  let metadata = before.metadata;
  if (input.metadata === null) metadata = {};
  else if (input.metadata)
    metadata = Object.fromEntries(Object.entries({ ...before.metadata, ...input.metadata }).filter((e): e is [string, string] => e[1] !== null));
  const expires_at = input.expires_at === undefined ? before.expires_at : input.expires_at;
  const moved = expires_at !== before.expires_at;
  if (moved && before.expires_at !== null && before.expires_at <= now) throw invalidState(`The credit grant ${id} has already expired.`);
  if (moved && expires_at !== null && expires_at < now) throw invalidRequest('expires_at cannot be in the past.', 'expires_at');
  const after = await save(ctx, before, { ...before, expires_at, metadata, updated: now });
  if (moved) await scheduleCreditGrant(ctx.db, id, expires_at);
  return after;
}

export async function expireCreditGrant(ctx: ServiceContext, id: string): Promise<CreditGrant> {
  const before = await loadCreditGrant(ctx.db, id, { forUpdate: true });
  if (before.voided_at !== null) throw invalidState(`The credit grant ${id} is voided.`);
  const now = await grantNow(ctx, before);
  if (before.expires_at !== null && before.expires_at <= now) throw invalidState(`The credit grant ${id} has already expired.`);
  const after = await save(ctx, before, { ...before, expires_at: now, updated: now });
  await settleExpiry({ ...ctx, clock: new FixedClock(now) }, after);
  return after;
}

export async function voidCreditGrant(ctx: ServiceContext, id: string): Promise<CreditGrant> {
  const before = await loadCreditGrant(ctx.db, id, { forUpdate: true });
  if (before.voided_at !== null) throw invalidState(`The credit grant ${id} is already voided.`);
  const now = await grantNow(ctx, before);
  const remaining = (await remainingOf(ctx.db, [id])).get(id) ?? 0;
  const after = { ...before, voided_at: now, updated: now };
  if (remaining > 0) await recordBalanceTransaction(ctx, { grant: after, amount: -remaining, at: now, created: now, kind: 'credits_voided' });
  await scheduleCreditGrant(ctx.db, id, null);
  return save(ctx, before, after);
}
