// Tiers of a tiered price: `up_to` strictly ascending, the last one (and only it) `inf`, and each
// tier charging a unit amount, a flat amount, or both.
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { amountPair } from './price-amounts.ts';
import type { ParamName, TierInput } from './price-spec.ts';

export const MAX_TIERS = 250;

export function buildTiers(tiers: TierInput[], param: ParamName): Stripe.Price.Tier[] {
  if (tiers.length === 0) throw missingParam(param('tiers'));
  if (tiers.length > MAX_TIERS) throw invalidRequest(`A price can have at most ${MAX_TIERS} tiers.`, param('tiers'));
  let previous = 0;
  return tiers.map((t, i) => {
    const at = (name: string) => param(`tiers[${i}][${name}]`);
    const last = i === tiers.length - 1;
    if (t.up_to === 'inf' && !last)
      throw invalidRequest('Only the last tier can have up_to=inf.', at('up_to'));
    if (t.up_to !== 'inf') {
      if (last) throw invalidRequest('The last tier must have up_to=inf.', at('up_to'));
      if (t.up_to <= previous)
        throw invalidRequest('Tiers must be in ascending order of up_to, each greater than the one before.', at('up_to'));
      previous = t.up_to;
    }
    const unit = amountPair(t.unit_amount, t.unit_amount_decimal, { integer: at('unit_amount'), decimal: at('unit_amount_decimal') });
    const flat = amountPair(t.flat_amount, t.flat_amount_decimal, { integer: at('flat_amount'), decimal: at('flat_amount_decimal') });
    if (!unit && !flat) throw invalidRequest('Each tier needs a unit_amount or a flat_amount (or both).', at('unit_amount'));
    return {
      flat_amount: flat?.unit_amount ?? null,
      flat_amount_decimal: flat?.unit_amount_decimal ?? null,
      unit_amount: unit?.unit_amount ?? null,
      unit_amount_decimal: unit?.unit_amount_decimal ?? null,
      up_to: t.up_to === 'inf' ? null : t.up_to,
    };
  });
}
