// /v1/subscription_items: each write is an update of the item's subscription (prorated the same
// way), with errors naming the item endpoint's own params (price, not items[0][price]).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { RecurError } from '../../core/errors.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope, type ListQuery } from '../../store/list.ts';
import { applySubscriptionUpdate, type ProrationBehavior } from '../subscriptions/update-subscription.ts';
import type { ItemInput } from '../subscriptions/subscription-item-input.ts';
import type { PaymentBehavior } from '../subscriptions/create-subscription.ts';
import { loadItem, loadSubscription } from '../subscriptions/subscription-store.ts';

export interface ItemWriteOptions {
  proration_behavior?: ProrationBehavior;
  proration_date?: number;
  payment_behavior?: PaymentBehavior;
}

type ItemFields = Omit<ItemInput, 'id' | 'deleted'> & ItemWriteOptions & { billing_thresholds?: unknown; off_session?: boolean };

/** Runs an update of the item's subscription, renaming items[0][x] params to x in its errors. */
async function viaSubscription(ctx: ServiceContext, subscriptionId: string, item: ItemInput, opts: ItemWriteOptions) {
  try {
    return await applySubscriptionUpdate(ctx, subscriptionId, {
      items: [item],
      proration_behavior: opts.proration_behavior,
      proration_date: opts.proration_date,
      payment_behavior: opts.payment_behavior,
    });
  } catch (e) {
    if (e instanceof RecurError && typeof e.body.param === 'string' && e.body.param.startsWith('items[0]')) {
      const rest = e.body.param.slice('items[0]'.length);
      e.body.param = rest.replace(/^\[([^\]]+)\]/, '$1') || 'id';
    }
    throw e;
  }
}

function split(p: ItemFields): { item: ItemInput; opts: ItemWriteOptions } {
  const { proration_behavior, proration_date, payment_behavior, billing_thresholds: _t, off_session: _o, ...item } = p;
  return { item, opts: { proration_behavior, proration_date, payment_behavior } };
}

export async function createSubscriptionItem(ctx: ServiceContext, p: ItemFields & { subscription: string }): Promise<Stripe.SubscriptionItem> {
  const { subscription, ...rest } = p;
  await loadSubscription(ctx.db, subscription, { param: 'subscription' }).catch((e) => {
    if (e instanceof RecurError && e.kind === 'not_found') throw e.asInvalid();
    throw e;
  });
  const { item, opts } = split(rest);
  const r = await viaSubscription(ctx, subscription, item, opts);
  const had = new Set(r.before.items.data.map((i) => i.id));
  return r.subscription.items.data.find((i) => !had.has(i.id))!;
}

export async function retrieveSubscriptionItem(ctx: ServiceContext, id: string): Promise<Stripe.SubscriptionItem> {
  return (await loadItem(ctx.db, id)).item;
}

export async function updateSubscriptionItem(ctx: ServiceContext, id: string, p: ItemFields): Promise<Stripe.SubscriptionItem> {
  const { subscriptionId } = await loadItem(ctx.db, id);
  const { item, opts } = split(p);
  const r = await viaSubscription(ctx, subscriptionId, { ...item, id }, opts);
  return r.subscription.items.data.find((i) => i.id === id)!;
}

export async function deleteSubscriptionItem(
  ctx: ServiceContext,
  id: string,
  p: ItemWriteOptions & { clear_usage?: boolean },
): Promise<Stripe.DeletedSubscriptionItem> {
  const { subscriptionId } = await loadItem(ctx.db, id);
  const { clear_usage, ...opts } = p;
  await viaSubscription(ctx, subscriptionId, { id, deleted: true, clear_usage }, opts);
  return { id, object: 'subscription_item', deleted: true };
}

export function listSubscriptionItems(ctx: ServiceContext, p: ListQuery & { subscription: string }) {
  return listEnvelope<Stripe.SubscriptionItem>(
    ctx.db,
    'subscription_items',
    '/v1/subscription_items',
    p,
    [cond('subscription_id = ?', p.subscription), cond('NOT deleted')],
    'subscription item',
  );
}
