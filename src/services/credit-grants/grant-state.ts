// A stored credit grant as the domain's credit application sees it.
import type { GrantState } from '../../domain/usage/credit-application.ts';
import type { CreditGrant } from './credit-grant-store.ts';

export function grantState(g: CreditGrant, remaining: number): GrantState {
  const scope = g.applicability_config.scope;
  return {
    id: g.id,
    currency: g.amount.monetary!.currency,
    remaining,
    priority: g.priority ?? 50,
    effectiveAt: g.effective_at,
    expiresAt: g.expires_at,
    created: g.created,
    voided: g.voided_at !== null,
    scope: { metered: scope.price_type === 'metered', prices: scope.prices ? scope.prices.map((p) => p.id!) : null },
  };
}
