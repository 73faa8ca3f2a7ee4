// Builds a subscription item from a checked price and the item's request parameters.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { mergeMetadata } from '../../domain/metadata.ts';
import { itemTaxRates, planOf, type ItemInput } from './subscription-item-input.ts';
import { applyDiscountRequests, PERSIST, type DiscountOwner, type Resolution } from './subscription-discounts.ts';

export interface NewItemContext {
  subscription: string;
  owner: DiscountOwner;
  created: number;
  period: { start: number; end: number };
}

export async function buildItem(
  ctx: ServiceContext,
  input: ItemInput,
  price: Stripe.Price,
  param: string,
  at: NewItemContext,
  res: Resolution = PERSIST,
): Promise<Stripe.SubscriptionItem> {
  const id = ctx.ids.next('si');
  const metered = price.recurring?.usage_type === 'metered';
  const quantity = input.quantity ?? 1;
  if (!metered && quantity < 0) throw invalidRequest('Quantity must be a non-negative integer.', `${param}[quantity]`);
  const taxRates = await itemTaxRates(ctx, input.tax_rates, param);
  const discounts = await applyDiscountRequests(ctx, input.discounts ?? [], [], { ...at.owner, subscriptionItem: id }, `${param}[discounts]`, res);
  return {
    id,
    object: 'subscription_item',
    billing_thresholds: null,
    created: at.created,
    current_period_end: at.period.end,
    current_period_start: at.period.start,
    current_trial: null,
    discounts: discounts.map((d) => d.id),
    metadata: mergeMetadata({}, input.metadata),
    plan: planOf(price),
    price,
    ...(metered ? {} : { quantity }),
    subscription: at.subscription,
    tax_rates: taxRates,
  };
}
