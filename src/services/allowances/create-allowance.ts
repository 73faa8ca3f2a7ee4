// Gives a metered subscription item a recurring allowance: `units` free per paid period. It starts
// with the item's current period when that period's invoice is paid, otherwise now.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { metersById } from '../meters/meter-store.ts';
import { allowancesWhere, insertAllowance, periodsPaidBy, withRemaining, type Allowance } from './allowance-store.ts';

export async function createAllowance(ctx: ServiceContext, input: { subscription_item: string; units: number; overage?: 'bill' | 'refuse' }): Promise<Allowance> {
  const rows = await ctx.db.query('SELECT data FROM subscription_items WHERE id = $1', [input.subscription_item]);
  if (!rows.length) throw invalidRequest(`No such subscription item: '${input.subscription_item}'`, 'subscription_item', 'resource_missing');
  const item = rows[0].data as Stripe.SubscriptionItem;
  const meterId = item.price.recurring?.meter;
  if (!meterId) throw invalidRequest('An allowance needs a metered subscription item (its price names a meter).', 'subscription_item');
  const meter = (await metersById(ctx.db, [meterId])).get(meterId)!;
  if (meter.default_aggregation.formula === 'last') throw invalidRequest('An allowance counts usage up: its meter must sum or count, not take the last value.', 'subscription_item');
  // A pre-aggregated event replaces its window's value, so an event cannot be weighed against what is left.
  if (input.overage === 'refuse' && meter.event_time_window)
    throw invalidRequest(`The meter ${meter.id} pre-aggregates events by ${meter.event_time_window} (event_time_window): its overage can be billed, not refused.`, 'overage');
  if ((await allowancesWhere(ctx.db, 'subscription_item_id', [item.id])).length) throw invalidRequest(`The subscription item ${item.id} already has an allowance.`, 'subscription_item');
  const subRows = await ctx.db.query('SELECT data FROM subscriptions WHERE id = $1', [item.subscription]);
  const sub = subRows[0].data as Stripe.Subscription;
  const customer = await loadCustomer(ctx.db, typeof sub.customer === 'string' ? sub.customer : sub.customer.id);
  const now = (await contextForCustomer(ctx, customer)).clock.now();
  // Paid invoices of the subscription since the item's period began: is one of them that period's?
  const paidRows = await ctx.db.query(`SELECT id FROM invoices WHERE subscription_id = $1 AND status = 'paid' AND created >= $2`, [sub.id, item.current_period_start]);
  const paidFor = await periodsPaidBy(ctx.db, paidRows.map((r) => r.id as string));
  const paid = [...paidFor.values()].includes(item.current_period_start);
  const a: Allowance = {
    id: ctx.ids.next('alw'),
    object: 'recur.allowance',
    created: now,
    livemode: false,
    customer: customer.id,
    subscription: sub.id,
    subscription_item: item.id,
    meter: meter.id,
    formula: meter.default_aggregation.formula as 'sum' | 'count',
    units: input.units,
    overage: input.overage ?? 'bill',
    window_start: paid ? item.current_period_start : now,
  };
  await insertAllowance(ctx.db, a);
  return (await withRemaining(ctx.usage, ctx.db, [a], now))[0];
}
