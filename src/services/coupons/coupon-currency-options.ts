// A fixed-amount coupon's amounts per currency; the coupon's own currency is always one of them
// and keeps the coupon's amount_off.
import type Stripe from 'stripe';
import { invalidRequest } from '../../core/errors.ts';
import { isCurrency } from '../../domain/currency.ts';

export function couponCurrencyOptions(
  current: Record<string, Stripe.Coupon.CurrencyOptions>,
  currency: string,
  amountOff: number,
  input: Record<string, { amount_off: number }> | undefined,
): Record<string, Stripe.Coupon.CurrencyOptions> {
  const out: Record<string, Stripe.Coupon.CurrencyOptions> = { ...current, [currency]: { amount_off: amountOff } };
  for (const [raw, opt] of Object.entries(input ?? {})) {
    const cur = raw.toLowerCase();
    if (!isCurrency(cur)) throw invalidRequest(`Invalid currency: ${raw}.`, `currency_options[${raw}]`);
    if (cur === currency && opt.amount_off !== amountOff)
      throw invalidRequest(
        `currency_options[${raw}][amount_off] must equal the coupon's amount_off in its own currency (${amountOff}).`,
        `currency_options[${raw}][amount_off]`,
      );
    out[cur] = { amount_off: opt.amount_off };
  }
  return out;
}
