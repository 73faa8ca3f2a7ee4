// The amount a price charges for a quantity, dispatched over the pricing models.

import type { Decimal } from 'decimal.js';
import { assertNever } from '../assert-never.ts';
import { Dec, roundMinor } from '../money.ts';
import { perUnitAmount } from './per-unit.ts';
import { pricingModel, transformQuantity, type PriceTerms } from './price-terms.ts';
import { graduatedAmount } from './tiered-graduated.ts';
import { volumeAmount } from './tiered-volume.ts';

export { pricingModel, transformQuantity } from './price-terms.ts';
export type { PriceTerms, PriceTier, PricingModel, Tier } from './price-terms.ts';

/** Exact, unrounded amount in minor units (transform_quantity applied first). */
export function priceAmount(terms: PriceTerms, quantity: Decimal.Value): Decimal {
  const q = transformQuantity(terms, quantity);
  const model = pricingModel(terms);
  switch (model.model) {
    case 'per_unit':
      return perUnitAmount(model.unitAmount, q);
    case 'tiered_graduated':
      return graduatedAmount(model.tiers, q);
    case 'tiered_volume':
      return volumeAmount(model.tiers, q);
    default:
      return assertNever(model, 'pricing model');
  }
}

/** Stripe keeps at most 12 decimal places in unit_amount_decimal. */
const UNIT_AMOUNT_PLACES = 12;

/** Formats an exact decimal as Stripe's decimal string (no exponent, no trailing zeros). */
export function decimalString(value: Decimal): string {
  return value.toDecimalPlaces(UNIT_AMOUNT_PLACES).toFixed();
}

/**
 * An invoice line's amount for a quantity, rounded once; for per-unit prices also the
 * exact unit amount (amount ÷ quantity, the price's own unit amount when no package
 * transform applies or the quantity is 0). Tiered prices have no single unit amount.
 */
export function lineAmount(terms: PriceTerms, quantity: Decimal.Value): { amount: number; unit_amount_decimal: string | null } {
  const exact = priceAmount(terms, quantity);
  const amount = roundMinor(exact);
  if (terms.billing_scheme !== 'per_unit') return { amount, unit_amount_decimal: null };
  const q = new Dec(quantity);
  const unit = terms.transform_quantity && !q.isZero() ? exact.div(q) : new Dec(terms.unit_amount_decimal ?? 0);
  return { amount, unit_amount_decimal: decimalString(unit) };
}
