// The pricing fields of a Stripe price, and their reading as one of the pricing models.

import type { Decimal } from 'decimal.js';
import { Dec } from '../money.ts';

export interface PriceTier {
  /** null means infinity (the last tier). */
  up_to: number | null;
  unit_amount_decimal: string | null;
  flat_amount_decimal: string | null;
}

export interface PriceTerms {
  billing_scheme: 'per_unit' | 'tiered';
  unit_amount_decimal: string | null;
  tiers_mode: 'graduated' | 'volume' | null;
  tiers: PriceTier[] | null;
  transform_quantity: { divide_by: number; round: 'up' | 'down' } | null;
}

/** A tier with exact amounts; `upTo` null is the unbounded last tier. */
export interface Tier {
  upTo: Decimal | null;
  unitAmount: Decimal;
  flatAmount: Decimal;
}

export type PricingModel =
  | { model: 'per_unit'; unitAmount: Decimal }
  | { model: 'tiered_graduated'; tiers: Tier[] }
  | { model: 'tiered_volume'; tiers: Tier[] };

function tiersOf(terms: PriceTerms): Tier[] {
  if (!terms.tiers || terms.tiers.length === 0) throw new Error('tiered price without tiers');
  const tiers = terms.tiers.map((t) => ({
    upTo: t.up_to === null ? null : new Dec(t.up_to),
    unitAmount: new Dec(t.unit_amount_decimal ?? 0),
    flatAmount: new Dec(t.flat_amount_decimal ?? 0),
  }));
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if ((t.upTo === null) !== last) throw new Error('only the last tier may (and must) have up_to = inf');
    const prev = tiers[i - 1]?.upTo;
    if (t.upTo && prev && !t.upTo.gt(prev)) throw new Error('tiers must be in increasing up_to order');
  });
  return tiers;
}

/** Reads a price's Stripe fields as a pricing model. Malformed terms are a bug upstream (validated at the API). */
export function pricingModel(terms: PriceTerms): PricingModel {
  if (terms.billing_scheme === 'per_unit') {
    if (terms.unit_amount_decimal === null) throw new Error('per_unit price without unit_amount_decimal');
    return { model: 'per_unit', unitAmount: new Dec(terms.unit_amount_decimal) };
  }
  if (terms.tiers_mode === 'graduated') return { model: 'tiered_graduated', tiers: tiersOf(terms) };
  if (terms.tiers_mode === 'volume') return { model: 'tiered_volume', tiers: tiersOf(terms) };
  throw new Error('tiered price without tiers_mode');
}

/** Applies transform_quantity (package pricing): quantity ÷ divide_by, rounded up or down to a whole package. */
export function transformQuantity(terms: PriceTerms, quantity: Decimal.Value): Decimal {
  const q = new Dec(quantity);
  if (q.isNeg() || !q.isFinite()) throw new RangeError(`quantity must be non-negative: ${String(quantity)}`);
  const t = terms.transform_quantity;
  if (!t) return q;
  if (!(t.divide_by > 0)) throw new Error('transform_quantity.divide_by must be positive');
  const packages = q.div(t.divide_by);
  return t.round === 'up' ? packages.ceil() : packages.floor();
}
