// Grants a customer an amount of credit for metered usage: which prices it pays for
// (applicability_config), paid or promotional, from when (effective_at) until when (expires_at),
// and in which order against other grants (priority 0 first, default 50).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, RecurError } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { insertCreditGrant, recordBalanceTransaction, type CreditGrant } from './credit-grant-store.ts';

export interface CreateCreditGrantInput {
  customer: string;
  amount: { type: 'monetary'; monetary: { currency: string; value: number } };
  applicability_config: { scope: { price_type?: 'metered'; prices?: Array<{ id: string }> } };
  category?: 'paid' | 'promotional';
  effective_at?: number;
  expires_at?: number;
  name?: string;
  priority?: number;
  metadata?: Record<string, string | null> | null;
}

export async function createCreditGrant(ctx: ServiceContext, input: CreateCreditGrantInput): Promise<CreditGrant> {
  const customer = await loadCustomer(ctx.db, input.customer, { param: 'customer' }).catch((e) => {
    throw e instanceof RecurError ? e.asInvalid() : e;
  });
  const scope = input.applicability_config.scope;
  if (!scope.price_type === !scope.prices)
    throw invalidRequest('applicability_config[scope] takes one of price_type=metered or prices.', 'applicability_config[scope]');
  if (scope.prices) {
    const rows = await ctx.db.query('SELECT id FROM prices WHERE id = ANY($1)', [scope.prices.map((p) => p.id)]);
    const missing = scope.prices.findIndex((p) => !rows.some((r) => r.id === p.id));
    if (missing >= 0) throw invalidRequest(`No such price: '${scope.prices[missing].id}'`, `applicability_config[scope][prices][${missing}][id]`, 'resource_missing');
  }
  const now = (await contextForCustomer(ctx, customer)).clock.now();
  const effective = input.effective_at ?? now;
  if (input.expires_at !== undefined && input.expires_at <= effective) throw invalidRequest('expires_at must be after effective_at.', 'expires_at');
  const grant: Stripe.Billing.CreditGrant = {
    id: ctx.ids.next('credgr'),
    object: 'billing.credit_grant',
    amount: { monetary: { currency: input.amount.monetary.currency, value: input.amount.monetary.value }, type: 'monetary' },
    applicability_config: { scope: scope.prices ? { prices: scope.prices.map((p) => ({ id: p.id })) } : { price_type: 'metered' } },
    category: input.category ?? 'paid',
    created: now,
    customer: customer.id,
    customer_account: null,
    effective_at: effective,
    expires_at: input.expires_at ?? null,
    livemode: false,
    metadata: Object.fromEntries(Object.entries(input.metadata ?? {}).filter((e): e is [string, string] => e[1] !== null)),
    name: input.name ?? null,
    priority: input.priority ?? 50,
    test_clock: typeof customer.test_clock === 'string' ? customer.test_clock : (customer.test_clock?.id ?? null),
    updated: now,
    voided_at: null,
  };
  await insertCreditGrant(ctx.db, grant);
  await recordBalanceTransaction(ctx, { grant, amount: grant.amount.monetary!.value, at: effective, created: now, kind: 'credits_granted' });
  await recordEvent(ctx, 'billing.credit_grant.created', grant);
  return grant;
}
