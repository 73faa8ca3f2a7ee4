// Unit amounts as Stripe shows them: an integer `unit_amount` (null when the amount has a fraction
// of a minor unit) beside the exact `unit_amount_decimal` string, and custom (pay-what-you-want) amounts.
import type Stripe from 'stripe';
import { Decimal } from 'decimal.js';
import { invalidRequest } from '../../core/errors.ts';
import type { CustomUnitAmountInput, ParamName } from './price-spec.ts';

const MAX_DECIMAL_PLACES = 12;
const MAX_AMOUNT = new Decimal('100000000000');

export interface Amount {
  unit_amount: number | null;
  unit_amount_decimal: Stripe.Decimal | null;
}

/** On the wire a Stripe.Decimal is a decimal string (the SDK parses it into its Decimal class). */
export const wireDecimal = (s: string): Stripe.Decimal => s as unknown as Stripe.Decimal;

/** Canonical decimal string for a validated amount in minor units (at most 12 decimal places). */
export function decimalAmount(value: string, param: string): Decimal {
  const d = new Decimal(value);
  if (d.isNegative()) throw invalidRequest(`${param} must be greater than or equal to 0.`, param);
  if (d.decimalPlaces() > MAX_DECIMAL_PLACES)
    throw invalidRequest(`${param} can have at most ${MAX_DECIMAL_PLACES} decimal places.`, param);
  if (d.greaterThan(MAX_AMOUNT)) throw invalidRequest(`${param} must be less than or equal to ${MAX_AMOUNT.toFixed()}.`, param);
  return d;
}

/**
 * The pair (`x`, `x_decimal`) from whichever was given; both given is an error naming `x`.
 * Returns null when neither was given.
 */
export function amountPair(
  integer: number | undefined,
  decimal: string | undefined,
  names: { integer: string; decimal: string },
): Amount | null {
  if (integer !== undefined && decimal !== undefined)
    throw invalidRequest(`You may only specify one of these parameters: ${names.integer}, ${names.decimal}.`, names.integer);
  if (integer !== undefined) return { unit_amount: integer, unit_amount_decimal: wireDecimal(String(integer)) };
  if (decimal !== undefined) {
    const d = decimalAmount(decimal, names.decimal);
    return { unit_amount: d.isInteger() ? d.toNumber() : null, unit_amount_decimal: wireDecimal(d.toFixed()) };
  }
  return null;
}

export function unitAmount(input: { unit_amount?: number; unit_amount_decimal?: string }, param: ParamName): Amount | null {
  return amountPair(input.unit_amount, input.unit_amount_decimal, {
    integer: param('unit_amount'),
    decimal: param('unit_amount_decimal'),
  });
}

export function customUnitAmount(input: CustomUnitAmountInput, param: ParamName): Stripe.Price.CustomUnitAmount {
  if (!input.enabled)
    throw invalidRequest('custom_unit_amount[enabled] must be true to use a customer-chosen amount.', param('custom_unit_amount[enabled]'));
  const { minimum, maximum, preset } = input;
  if (minimum !== undefined && maximum !== undefined && minimum > maximum)
    throw invalidRequest('custom_unit_amount[minimum] cannot be greater than custom_unit_amount[maximum].', param('custom_unit_amount[minimum]'));
  if (preset !== undefined && minimum !== undefined && preset < minimum)
    throw invalidRequest('custom_unit_amount[preset] cannot be less than custom_unit_amount[minimum].', param('custom_unit_amount[preset]'));
  if (preset !== undefined && maximum !== undefined && preset > maximum)
    throw invalidRequest('custom_unit_amount[preset] cannot be greater than custom_unit_amount[maximum].', param('custom_unit_amount[preset]'));
  return { maximum: maximum ?? null, minimum: minimum ?? null, preset: preset ?? null };
}
