// Volume tiers: the whole quantity is priced at the one tier it falls in (quantity ≤ up_to),
// quantity × that tier's unit amount plus its flat amount. Quantity 0 costs nothing.

import type { Decimal } from 'decimal.js';
import { Dec } from '../money.ts';
import type { Tier } from './price-terms.ts';

export function volumeTier(tiers: Tier[], quantity: Decimal): Tier {
  const tier = tiers.find((t) => t.upTo === null || quantity.lte(t.upTo));
  if (!tier) throw new Error('no tier covers the quantity (missing up_to = inf tier)');
  return tier;
}

export function volumeAmount(tiers: Tier[], quantity: Decimal): Decimal {
  if (quantity.isZero()) return new Dec(0);
  const tier = volumeTier(tiers, quantity);
  return quantity.times(tier.unitAmount).plus(tier.flatAmount);
}
