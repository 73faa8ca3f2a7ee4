// A Stripe price's pricing fields as the domain's PriceTerms.
import type Stripe from 'stripe';
import type { PriceTerms } from '../../domain/pricing/index.ts';

const dec = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function priceTerms(price: Stripe.Price): PriceTerms {
  return {
    billing_scheme: price.billing_scheme === 'tiered' ? 'tiered' : 'per_unit',
    unit_amount_decimal: dec(price.unit_amount_decimal),
    tiers_mode: price.tiers_mode === 'graduated' ? 'graduated' : price.tiers_mode === 'volume' ? 'volume' : null,
    tiers: price.tiers
      ? price.tiers.map((t) => ({ up_to: t.up_to, unit_amount_decimal: dec(t.unit_amount_decimal), flat_amount_decimal: dec(t.flat_amount_decimal) }))
      : null,
    transform_quantity: price.transform_quantity
      ? { divide_by: price.transform_quantity.divide_by, round: price.transform_quantity.round === 'up' ? 'up' : 'down' }
      : null,
  };
}
