// A customer's credit balance: what the usable grants (effective, not expired, not voided) have
// left, per currency, optionally only one grant's or those covering a scope.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { RecurError } from '../../core/errors.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { usableGrants } from '../../domain/usage/credit-application.ts';
import { customerGrants, remainingOf } from './credit-grant-store.ts';
import { grantState } from './grant-state.ts';

export interface CreditBalanceFilter {
  type: 'credit_grant' | 'applicability_scope';
  credit_grant?: string;
  applicability_scope?: { price_type?: 'metered'; prices?: Array<{ id: string }> };
}

export async function creditBalanceSummary(ctx: ServiceContext, input: { customer: string; filter: CreditBalanceFilter }): Promise<Stripe.Billing.CreditBalanceSummary> {
  const customer = await loadCustomer(ctx.db, input.customer, { param: 'customer' }).catch((e) => {
    throw e instanceof RecurError ? e.asInvalid() : e;
  });
  const now = (await contextForCustomer(ctx, customer)).clock.now();
  const grants = await customerGrants(ctx.db, customer.id);
  const remaining = await remainingOf(ctx.db, grants.map((g) => g.id));
  const f = input.filter;
  const wanted = usableGrants(grants.map((g) => grantState(g, remaining.get(g.id) ?? 0)), now).filter((g) => {
    if (f.type === 'credit_grant') return g.id === f.credit_grant;
    const scope = f.applicability_scope;
    if (scope?.prices) return g.scope.prices !== null && scope.prices.some((p) => g.scope.prices!.includes(p.id));
    return g.scope.metered;
  });
  const byCurrency = new Map<string, number>();
  for (const g of wanted) byCurrency.set(g.currency, (byCurrency.get(g.currency) ?? 0) + g.remaining);
  return {
    object: 'billing.credit_balance_summary',
    balances: [...byCurrency].map(([currency, value]) => ({
      available_balance: { monetary: { currency, value }, type: 'monetary' },
      ledger_balance: { monetary: { currency, value }, type: 'monetary' },
    })),
    customer: customer.id,
    customer_account: null,
    livemode: false,
  };
}
