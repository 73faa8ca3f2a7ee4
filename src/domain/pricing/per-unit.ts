// Per-unit pricing: quantity × unit amount.

import type { Decimal } from 'decimal.js';

export function perUnitAmount(unitAmount: Decimal, quantity: Decimal): Decimal {
  return unitAmount.times(quantity);
}
