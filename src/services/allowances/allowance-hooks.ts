// An allowance refills when its subscription's invoice is paid: the window moves to the start of
// the item's current period (the one that payment covers). An unpaid period leaves it where it is.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { subscriptionIdOf } from '../invoices/invoice-store.ts';
import { allowancesWhere, saveAllowance } from './allowance-store.ts';

async function refillAllowances(ctx: ServiceContext, invoices: Stripe.Invoice[]): Promise<void> {
  const subIds = invoices.map(subscriptionIdOf).filter((s): s is string => s !== null);
  const list = await allowancesWhere(ctx.db, 'subscription_id', subIds, { forUpdate: true });
  if (!list.length) return;
  const rows = await ctx.db.query('SELECT id, data FROM subscription_items WHERE id = ANY($1)', [list.map((a) => a.subscription_item)]);
  const items = new Map(rows.map((r) => [r.id as string, r.data as Stripe.SubscriptionItem]));
  for (const a of list) {
    const start = items.get(a.subscription_item)?.current_period_start;
    if (start !== undefined && start > a.window_start) await saveAllowance(ctx.db, { ...a, window_start: start });
  }
}

export function addAllowanceHooks(hooks: BillingHooks): void {
  hooks.invoicePaid.push(refillAllowances);
}
