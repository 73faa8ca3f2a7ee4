// Applies `items[]` of an update to a subscription's items: change price, quantity, tax rates,
// metadata or discounts of an item named by id, delete it, or add a new one for the current period.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { noSuch } from '../products/product-store.ts';
import { mergeMetadata } from '../../domain/metadata.ts';
import { checkItemsCompatible, itemTaxRates, planOf, resolveItemPrice, type ItemInput } from './subscription-item-input.ts';
import { buildItem } from './build-item.ts';
import { applyDiscountRequests, discountIdsOf, loadDiscounts, PERSIST, type DiscountOwner, type Resolution } from './subscription-discounts.ts';
import { currentPeriod } from './subscription-store.ts';
import { isFlexible } from '../../domain/subscriptions/billing-mode.ts';
import { newItemPeriod } from '../../domain/subscriptions/item-periods.ts';

export async function applyItemChanges(
  ctx: ServiceContext,
  sub: Stripe.Subscription,
  inputs: ItemInput[],
  owner: DiscountOwner,
  param = 'items',
  res: Resolution = PERSIST,
): Promise<Stripe.SubscriptionItem[]> {
  let items = [...sub.items.data];
  const period = currentPeriod(sub);
  const checks: Array<{ price: Stripe.Price; param: string; quantityGiven?: boolean; id: string }> = [];
  for (const [i, input] of inputs.entries()) {
    const p = `${param}[${i}]`;
    if (input.id === undefined) {
      if (input.deleted) throw invalidRequest('An item to delete must name its id.', `${p}[id]`);
      const price = await resolveItemPrice(ctx, input, p, res);
      if (!price) throw invalidRequest('A new item needs a price or price_data.', `${p}[price]`);
      const item = await buildItem(ctx, input, price, p, { subscription: sub.id, owner, created: ctx.clock.now(), period: newItemPeriod(sub, price, period, ctx.clock.now()) }, res);
      items.push(item);
      checks.push({ price, param: p, quantityGiven: input.quantity !== undefined, id: item.id });
      continue;
    }
    const index = items.findIndex((it) => it.id === input.id);
    if (index < 0) throw noSuch('subscription item', input.id, `${p}[id]`);
    if (input.deleted) {
      items = items.filter((it) => it.id !== input.id);
      continue;
    }
    const old = items[index];
    const price = (await resolveItemPrice(ctx, input, p, res)) ?? old.price;
    const metered = price.recurring?.usage_type === 'metered';
    const existing = await loadDiscounts(ctx, discountIdsOf(old.discounts as Array<string | { id: string }>));
    const discounts =
      input.discounts === undefined
        ? existing
        : await applyDiscountRequests(ctx, input.discounts ?? [], existing, { ...owner, subscriptionItem: old.id }, `${p}[discounts]`, res);
    const changed: Stripe.SubscriptionItem = {
      ...old,
      price,
      plan: planOf(price),
      metadata: mergeMetadata(old.metadata, input.metadata),
      tax_rates: input.tax_rates === undefined ? old.tax_rates : await itemTaxRates(ctx, input.tax_rates, p),
      discounts: discounts.map((d) => d.id),
    };
    if (metered) delete changed.quantity;
    else changed.quantity = input.quantity ?? (old.price.recurring?.usage_type === 'metered' ? 1 : (old.quantity ?? 1));
    items[index] = changed;
    if (price.id !== old.price.id || input.quantity !== undefined)
      checks.push({ price, param: p, quantityGiven: input.quantity !== undefined, id: old.id });
  }
  if (!items.length)
    throw invalidRequest('A subscription must keep at least one item; cancel the subscription instead.', param);
  // Every item must bill with the others; the ones this request touched are named in errors.
  const named = new Map(checks.map((c) => [c.id, c.param]));
  checkItemsCompatible(
    items.map((it) => ({
      price: it.price,
      param: named.get(it.id) ?? param,
      quantityGiven: checks.find((c) => c.id === it.id)?.quantityGiven ?? false,
    })),
    { mixedIntervals: isFlexible(sub) },
  );
  return items;
}
