// Turns the `items[]` a request gives into prices, tax rates and discounts, each checked and each
// failure naming its param (items[1][price]); inline `price_data` becomes a new (inactive) price.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { buildPrice } from '../prices/build-price.ts';
import { paramIn } from '../prices/price-spec.ts';
import { insertPrice, loadPrice } from '../prices/price-store.ts';
import { loadProduct } from '../products/product-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import type { MetadataInput } from '../../domain/metadata.ts';
import type { DiscountInput } from '../coupons/resolve-discounts.ts';
import { PERSIST, type Resolution } from './subscription-discounts.ts';

export interface PriceDataInput {
  currency: string;
  product: string;
  recurring: { interval: 'day' | 'week' | 'month' | 'year'; interval_count?: number };
  tax_behavior?: 'inclusive' | 'exclusive' | 'unspecified';
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export interface ItemInput {
  id?: string;
  deleted?: boolean;
  clear_usage?: boolean;
  price?: string;
  price_data?: PriceDataInput;
  quantity?: number;
  tax_rates?: string[] | null;
  metadata?: MetadataInput;
  discounts?: Array<DiscountInput & { discount?: string }> | null;
}

/** The price an item input names (loaded or created inline); null when it names none. */
export async function resolveItemPrice(ctx: ServiceContext, input: ItemInput, param: string, res: Resolution = PERSIST): Promise<Stripe.Price | null> {
  if (input.price !== undefined && input.price_data !== undefined)
    throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${param}[price]`);
  if (input.price !== undefined) {
    const price = await loadPrice(ctx.db, input.price, `${param}[price]`);
    if (price.type !== 'recurring')
      throw invalidRequest(
        `The price specified (${price.id}) is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`,
        `${param}[price]`,
      );
    if (!price.active) throw invalidRequest(`The price specified (${price.id}) is inactive. This field only accepts active prices.`, `${param}[price]`);
    return price;
  }
  if (input.price_data !== undefined) {
    const d = input.price_data;
    const name = paramIn(`${param}[price_data]`);
    const product = await loadProduct(ctx.db, d.product, name('product'));
    if (!product.active) throw invalidRequest(`The product ${product.id} is inactive.`, name('product'));
    const price = buildPrice(
      {
        currency: d.currency,
        recurring: { interval: d.recurring.interval, interval_count: d.recurring.interval_count },
        tax_behavior: d.tax_behavior,
        unit_amount: d.unit_amount,
        unit_amount_decimal: d.unit_amount_decimal,
      },
      { id: ctx.ids.next('price'), product: product.id, created: ctx.clock.now() },
      name,
    );
    // Inline prices belong to the item that made them: they are not offered for reuse.
    const inline = { ...price, active: false };
    if (res.persist) await insertPrice(ctx.db, inline);
    return inline;
  }
  return null;
}

export const itemTaxRates = (ctx: ServiceContext, ids: string[] | null | undefined, param: string) =>
  loadTaxRates(ctx.db, ids ?? [], `${param}[tax_rates]`);

/** The plan view of a price, which subscription items still carry. */
export function planOf(price: Stripe.Price): Stripe.Plan {
  const r = price.recurring!;
  return {
    id: price.id,
    object: 'plan',
    active: price.active,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    interval: r.interval,
    interval_count: r.interval_count,
    livemode: false,
    metadata: price.metadata,
    meter: r.meter ?? null,
    nickname: price.nickname,
    product: price.product as string,
    tiers_mode: price.tiers_mode,
    transform_usage: price.transform_quantity ? { ...price.transform_quantity } : null,
    trial_period_days: r.trial_period_days,
    usage_type: r.usage_type,
  };
}

/** The recurring terms every item of one subscription must share. */
export function cycleOf(price: Stripe.Price): { currency: string; interval: 'day' | 'week' | 'month' | 'year'; intervalCount: number } {
  return { currency: price.currency, interval: price.recurring!.interval as 'day' | 'week' | 'month' | 'year', intervalCount: price.recurring!.interval_count };
}

/** Refuses items that cannot bill together: currencies, intervals, duplicate prices, metered quantities. */
export function checkItemsCompatible(
  items: Array<{ price: Stripe.Price; param: string; quantity?: number; quantityGiven?: boolean }>,
  opts: { mixedIntervals?: boolean } = {},
): void {
  if (!items.length) return;
  const first = cycleOf(items[0].price);
  const seen = new Set<string>();
  for (const it of items) {
    const c = cycleOf(it.price);
    if (c.currency !== first.currency)
      throw invalidRequest(
        `All prices on a subscription must have the same currency: ${it.price.id} is in ${c.currency}, not ${first.currency}.`,
        `${it.param}[price]`,
      );
    // Flexible billing mode bills items of different intervals on their own periods.
    if (!opts.mixedIntervals && (c.interval !== first.interval || c.intervalCount !== first.intervalCount))
      throw invalidRequest(
        'All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.',
        `${it.param}[price]`,
      );
    if (seen.has(it.price.id))
      throw invalidRequest(`Cannot add multiple subscription items with the same price: ${it.price.id}.`, `${it.param}[price]`);
    seen.add(it.price.id);
    if (it.price.recurring!.usage_type === 'metered' && it.quantityGiven)
      throw invalidRequest('Quantity should not be specified where usage_type is `metered`.', `${it.param}[quantity]`);
  }
}
