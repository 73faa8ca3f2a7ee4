// A price's amounts in other currencies. Each option follows the price's billing scheme: tiers for
// a tiered price, a custom amount for a custom-amount price, a unit amount otherwise. The price's
// own currency is always present, mirroring the price itself, as Stripe shows it when expanded.
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { isCurrency } from '../../domain/currency.ts';
import { customUnitAmount, unitAmount } from './price-amounts.ts';
import { buildTiers } from './price-tiers.ts';
import { paramIn, type CurrencyOptionInput, type ParamName } from './price-spec.ts';

export const MAX_CURRENCY_OPTIONS = 135;

type Options = Record<string, Stripe.Price.CurrencyOptions>;

/** The price's own currency as a currency option. */
export function baseCurrencyOption(price: Stripe.Price): Stripe.Price.CurrencyOptions {
  return {
    custom_unit_amount: price.custom_unit_amount,
    tax_behavior: price.tax_behavior,
    ...(price.tiers ? { tiers: price.tiers } : {}),
    unit_amount: price.unit_amount,
    unit_amount_decimal: price.unit_amount_decimal,
  };
}

/**
 * Validates `input` against the price and merges it into `current` (keys given replace entries);
 * the result always carries the base currency rebuilt from the price.
 */
export function mergeCurrencyOptions(
  price: Stripe.Price,
  current: Options,
  input: Record<string, CurrencyOptionInput> | undefined,
  param: ParamName,
): Options {
  const out: Options = { ...current };
  for (const [key, option] of Object.entries(input ?? {})) {
    const at = paramIn(param(`currency_options[${key}]`));
    const code = key.toLowerCase();
    if (!isCurrency(code)) throw invalidRequest(`Invalid currency: ${key}.`, param(`currency_options[${key}]`));
    if (code === price.currency)
      throw invalidRequest(`currency_options cannot include the price's own currency (${price.currency}).`, param(`currency_options[${key}]`));
    out[code] = buildOption(price, option, at);
  }
  delete out[price.currency];
  if (Object.keys(out).length > MAX_CURRENCY_OPTIONS)
    throw invalidRequest(`A price can have at most ${MAX_CURRENCY_OPTIONS} currency options.`, param('currency_options'));
  return { [price.currency]: baseCurrencyOption(price), ...out };
}

function buildOption(price: Stripe.Price, o: CurrencyOptionInput, at: ParamName): Stripe.Price.CurrencyOptions {
  const tax_behavior = o.tax_behavior ?? price.tax_behavior;
  if (price.billing_scheme === 'tiered') {
    for (const k of ['unit_amount', 'unit_amount_decimal', 'custom_unit_amount'] as const)
      if (o[k] !== undefined) throw invalidRequest(`${k} cannot be set on a currency option of a tiered price; use tiers.`, at(k));
    if (!o.tiers) throw missingParam(at('tiers'));
    return { custom_unit_amount: null, tax_behavior, tiers: buildTiers(o.tiers, at), unit_amount: null, unit_amount_decimal: null };
  }
  if (o.tiers !== undefined) throw invalidRequest('tiers can only be set on a currency option of a tiered price.', at('tiers'));
  if (price.custom_unit_amount) {
    if (o.unit_amount !== undefined || o.unit_amount_decimal !== undefined)
      throw invalidRequest('A custom-amount price takes custom_unit_amount in each currency option.', at('unit_amount'));
    if (!o.custom_unit_amount) throw missingParam(at('custom_unit_amount'));
    return { custom_unit_amount: customUnitAmount(o.custom_unit_amount, at), tax_behavior, unit_amount: null, unit_amount_decimal: null };
  }
  if (o.custom_unit_amount !== undefined)
    throw invalidRequest('custom_unit_amount can only be set on currency options of a custom-amount price.', at('custom_unit_amount'));
  const amount = unitAmount(o, at);
  if (!amount) throw missingParam(at('unit_amount'));
  return { custom_unit_amount: null, tax_behavior, ...amount };
}
