// The terms the domain's arithmetic reads, taken from the Stripe-shaped coupons and tax rates the
// store keeps (prices' terms are termsOf in subscriptions/subscription-lines.ts).
import type Stripe from 'stripe';
import type { CouponTerms } from '../discounts.ts';
import type { TaxRateTerms } from '../tax.ts';

export function couponTerms(c: Stripe.Coupon): CouponTerms {
  const options: Record<string, { amount_off: number }> = {};
  for (const [code, o] of Object.entries(c.currency_options ?? {})) options[code] = { amount_off: o.amount_off };
  return {
    id: c.id,
    percent_off: c.percent_off,
    amount_off: c.amount_off,
    currency: c.currency,
    currency_options: options,
    duration: c.duration as CouponTerms['duration'],
    duration_in_months: c.duration_in_months,
    applies_to_products: c.applies_to?.products ?? null,
  };
}

export const taxTerms = (t: Stripe.TaxRate): TaxRateTerms => ({ id: t.id, percentage: Number(t.percentage), inclusive: t.inclusive });

export const idOf = (v: string | { id: string } | null | undefined): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

export { idsOf as discountIds, termsOf } from '../subscriptions/subscription-lines.ts';
