// A promotion code's restrictions: minimum order amounts per currency (the main currency is
// always among the options) and the first-time-customer rule.
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { isCurrency } from '../../domain/currency.ts';

export interface RestrictionsInput {
  first_time_transaction?: boolean;
  minimum_amount?: number;
  minimum_amount_currency?: string;
  currency_options?: Record<string, { minimum_amount: number }>;
}

type Restrictions = Stripe.PromotionCode.Restrictions;

export function buildRestrictions(input: RestrictionsInput | undefined): Restrictions {
  const r = input ?? {};
  if (r.minimum_amount !== undefined && r.minimum_amount_currency === undefined)
    throw missingParam('restrictions[minimum_amount_currency]');
  if (r.minimum_amount_currency !== undefined && r.minimum_amount === undefined) throw missingParam('restrictions[minimum_amount]');
  const base: Restrictions = {
    currency_options: {},
    first_time_transaction: r.first_time_transaction ?? false,
    minimum_amount: r.minimum_amount ?? null,
    minimum_amount_currency: r.minimum_amount_currency ?? null,
  };
  return r.currency_options === undefined ? withPrimary(base) : mergeCurrencyOptions(withPrimary(base), r.currency_options);
}

/** Adds or changes minimum amounts in other currencies. */
export function mergeCurrencyOptions(current: Restrictions, input: Record<string, { minimum_amount: number }>): Restrictions {
  if (current.minimum_amount === null || current.minimum_amount_currency === null)
    throw invalidRequest(
      'restrictions[currency_options] needs a minimum_amount and minimum_amount_currency on the promotion code.',
      'restrictions[currency_options]',
    );
  const options = { ...(current.currency_options ?? {}) };
  for (const [raw, opt] of Object.entries(input)) {
    const cur = raw.toLowerCase();
    const param = `restrictions[currency_options][${raw}]`;
    if (!isCurrency(cur)) throw invalidRequest(`Invalid currency: ${raw}.`, param);
    if (cur === current.minimum_amount_currency && opt.minimum_amount !== current.minimum_amount)
      throw invalidRequest(
        `${param}[minimum_amount] must equal restrictions[minimum_amount] (${current.minimum_amount}).`,
        `${param}[minimum_amount]`,
      );
    options[cur] = { minimum_amount: opt.minimum_amount };
  }
  return { ...current, currency_options: options };
}

function withPrimary(r: Restrictions): Restrictions {
  if (r.minimum_amount === null || r.minimum_amount_currency === null) return r;
  return { ...r, currency_options: { [r.minimum_amount_currency]: { minimum_amount: r.minimum_amount } } };
}

/** The minimum amount that applies in `currency`, or undefined when the code has none there. */
export function minimumAmountIn(r: Restrictions, currency: string): number | undefined {
  if (r.minimum_amount_currency === currency && r.minimum_amount !== null) return r.minimum_amount;
  return r.currency_options?.[currency]?.minimum_amount;
}
