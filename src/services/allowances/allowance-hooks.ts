// An allowance refills when the invoice of a period is paid (the renewal or creation invoice that
// opens it): the window moves to that period's start if it is newer than the window and has begun
// for the item (domain/usage/allowance.ts). A paid proration, or an unpaid period, leaves it be.
import type Stripe from 'stripe';
import type { BillingHooks, ServiceContext } from '../../core/context.ts';
import { refilledWindowStart } from '../../domain/usage/allowance.ts';
import { subscriptionIdOf } from '../invoices/invoice-store.ts';
import { allowancesWhere, periodsPaidBy, saveAllowance } from './allowance-store.ts';

async function refillAllowances(ctx: ServiceContext, invoices: Stripe.Invoice[]): Promise<void> {
  const subIds = invoices.map(subscriptionIdOf).filter((s): s is string => s !== null);
  const list = await allowancesWhere(ctx.db, 'subscription_id', subIds, { forUpdate: true });
  if (!list.length) return;
  const mine = invoices.filter((i) => list.some((a) => a.subscription === subscriptionIdOf(i)));
  const paidFor = await periodsPaidBy(ctx.db, mine.map((i) => i.id));
  const rows = await ctx.db.query('SELECT id, data FROM subscription_items WHERE id = ANY($1)', [list.map((a) => a.subscription_item)]);
  const items = new Map(rows.map((r) => [r.id as string, r.data as Stripe.SubscriptionItem]));
  for (const a of list) {
    const item = items.get(a.subscription_item);
    if (!item) continue;
    const paid = mine.filter((i) => subscriptionIdOf(i) === a.subscription).map((i) => paidFor.get(i.id) ?? null);
    const start = refilledWindowStart(a.window_start, paid, item.current_period_start);
    if (start !== null) await saveAllowance(ctx.db, { ...a, window_start: start });
  }
}

export function addAllowanceHooks(hooks: BillingHooks): void {
  hooks.invoicePaid.push(refillAllowances);
}
