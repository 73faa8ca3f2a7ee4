// Builds a new price from a validated request: the checks that tie parameters together (billing
// scheme against amounts and tiers, custom amounts, recurring, currency options), each failure
// naming its param. Pure: the caller supplies id, product and instant, and stores the result.
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { mergeMetadata } from '../../domain/metadata.ts';
import { customUnitAmount, unitAmount, type Amount } from './price-amounts.ts';
import { mergeCurrencyOptions } from './price-currency-options.ts';
import { buildRecurring } from './price-recurring.ts';
import { buildTiers } from './price-tiers.ts';
import type { ParamName, PriceSpec } from './price-spec.ts';

export interface NewPrice {
  id: string;
  product: string;
  created: number;
}

export function buildPrice(spec: PriceSpec, at: NewPrice, param: ParamName): Stripe.Price {
  const scheme = spec.billing_scheme ?? 'per_unit';
  let amount: Amount = { unit_amount: null, unit_amount_decimal: null };
  let custom: Stripe.Price.CustomUnitAmount | null = null;
  let tiers: Stripe.Price.Tier[] | undefined;

  if (scheme === 'tiered') {
    for (const k of ['unit_amount', 'unit_amount_decimal', 'custom_unit_amount'] as const)
      if (spec[k] !== undefined) throw invalidRequest(`${k} cannot be set when billing_scheme=tiered; use tiers.`, param(k));
    if (spec.tiers === undefined) throw missingParam(param('tiers'));
    if (spec.tiers_mode === undefined) throw missingParam(param('tiers_mode'));
    if (spec.transform_quantity !== undefined)
      throw invalidRequest('transform_quantity cannot be combined with tiers.', param('transform_quantity'));
    tiers = buildTiers(spec.tiers, param);
  } else {
    if (spec.tiers !== undefined) throw invalidRequest('tiers can only be set when billing_scheme=tiered.', param('tiers'));
    if (spec.tiers_mode !== undefined) throw invalidRequest('tiers_mode can only be set when billing_scheme=tiered.', param('tiers_mode'));
    const given = unitAmount(spec, param);
    if (spec.custom_unit_amount !== undefined) {
      if (given) throw invalidRequest('custom_unit_amount cannot be combined with unit_amount or unit_amount_decimal.', param('custom_unit_amount'));
      if (spec.recurring) throw invalidRequest('custom_unit_amount can only be used with one-time prices.', param('custom_unit_amount'));
      custom = customUnitAmount(spec.custom_unit_amount, param);
    } else if (!given) {
      throw missingParam(param('unit_amount'));
    } else {
      amount = given;
    }
  }

  const price: Stripe.Price = {
    id: at.id,
    object: 'price',
    active: spec.active ?? true,
    billing_scheme: scheme,
    created: at.created,
    currency: spec.currency,
    custom_unit_amount: custom,
    livemode: false,
    lookup_key: spec.lookup_key ?? null,
    metadata: mergeMetadata({}, spec.metadata),
    nickname: spec.nickname ?? null,
    product: at.product,
    recurring: spec.recurring ? buildRecurring(spec.recurring, param) : null,
    tax_behavior: spec.tax_behavior ?? 'unspecified',
    ...(tiers ? { tiers } : {}),
    tiers_mode: scheme === 'tiered' ? spec.tiers_mode! : null,
    transform_quantity: spec.transform_quantity ? { ...spec.transform_quantity } : null,
    type: spec.recurring ? 'recurring' : 'one_time',
    unit_amount: amount.unit_amount,
    unit_amount_decimal: amount.unit_amount_decimal,
  };
  price.currency_options = mergeCurrencyOptions(price, {}, spec.currency_options, param);
  return price;
}
