// Graduated tiers: each tier prices the units that fall inside it, plus its flat amount
// once the tier is reached; the amount is the sum over tiers. Quantity 0 costs nothing.

import type { Decimal } from 'decimal.js';
import { Dec } from '../money.ts';
import type { Tier } from './price-terms.ts';

export function graduatedAmount(tiers: Tier[], quantity: Decimal): Decimal {
  let amount = new Dec(0);
  let below = new Dec(0);
  for (const tier of tiers) {
    if (quantity.lte(below)) break;
    const top = tier.upTo === null ? quantity : Dec.min(quantity, tier.upTo);
    const units = top.minus(below);
    amount = amount.plus(units.times(tier.unitAmount)).plus(tier.flatAmount);
    if (tier.upTo === null) break;
    below = tier.upTo;
  }
  return amount;
}
