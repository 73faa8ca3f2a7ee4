// What happens to a credit grant at its expiry: the amount it still holds is debited as
// `credits_expired` at the instant expires_at, once; a voided, spent or never-expiring grant has
// nothing to expire. Until then the engine waits for that instant.
import type { GrantState } from './credit-application.ts';

export type ExpiryDecision = { kind: 'wait'; until: number } | { kind: 'expire'; amount: number; at: number } | { kind: 'nothing' };

export function decideExpiry(g: Pick<GrantState, 'expiresAt' | 'voided' | 'remaining'>, now: number): ExpiryDecision {
  if (g.voided || g.expiresAt === null) return { kind: 'nothing' };
  if (g.expiresAt > now) return { kind: 'wait', until: g.expiresAt };
  if (g.remaining <= 0) return { kind: 'nothing' };
  return { kind: 'expire', amount: g.remaining, at: g.expiresAt };
}

/** When the engine must next look at a grant: its expiry, unless it is voided or never expires. */
export const expiryDue = (g: Pick<GrantState, 'expiresAt' | 'voided'>): number | null => (g.voided ? null : g.expiresAt);
