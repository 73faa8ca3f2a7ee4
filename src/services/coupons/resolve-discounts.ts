// Checks the discounts a subscription or invoice asks for and resolves each to its coupon (and
// promotion code): exists, can be redeemed at `at`, by this customer, on this amount. Writes nothing;
// recordRedemption counts the redemption once the discount is applied.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam, resourceMissing } from '../../core/errors.ts';
import { couponValidAt, presentCoupon } from './coupon-store.ts';
import { loadPromotionCode } from '../promotion-codes/promotion-code-store.ts';
import { minimumAmountIn } from '../promotion-codes/promotion-code-restrictions.ts';
import { formatAmount } from '../../domain/currency.ts';

export interface DiscountInput {
  coupon?: string;
  promotion_code?: string;
}

export interface ResolveDiscountsOptions {
  /** The request parameter holding the list, e.g. `discounts`; errors name `discounts[0][coupon]`. */
  param: string;
  customerId: string;
  /** The instant of redemption (a test clock's time for its customers). */
  at: number;
  /** The currency billed; amount-off coupons must have an amount in it. */
  currency?: string;
  /** The amount the discounts apply to, in minor units of `currency`, for promotion code minimums. */
  amount?: number;
}

export interface ResolvedDiscount {
  coupon: Stripe.Coupon;
  promotionCode: Stripe.PromotionCode | null;
}

export async function resolveDiscounts(
  ctx: Pick<ServiceContext, 'db'>,
  inputs: DiscountInput[],
  opts: ResolveDiscountsOptions,
): Promise<ResolvedDiscount[]> {
  const out: ResolvedDiscount[] = [];
  const seen = new Set<string>();
  for (const [i, input] of inputs.entries()) {
    const at = (field: keyof DiscountInput) => `${opts.param}[${i}][${field}]`;
    if (input.coupon !== undefined && input.promotion_code !== undefined)
      throw invalidRequest('Each discount can have either a coupon or a promotion_code, not both.', at('coupon'));
    let resolved: ResolvedDiscount;
    let param: string;
    if (input.coupon !== undefined) {
      param = at('coupon');
      resolved = { coupon: await redeemableCoupon(ctx, input.coupon, param, opts), promotionCode: null };
    } else if (input.promotion_code !== undefined) {
      param = at('promotion_code');
      resolved = await redeemablePromotionCode(ctx, input.promotion_code, param, opts);
    } else {
      throw missingParam(at('coupon'));
    }
    if (seen.has(resolved.coupon.id))
      throw invalidRequest(`The coupon ${resolved.coupon.id} is applied more than once.`, param);
    seen.add(resolved.coupon.id);
    out.push(resolved);
  }
  return out;
}

async function redeemableCoupon(
  ctx: Pick<ServiceContext, 'db'>,
  id: string,
  param: string,
  opts: ResolveDiscountsOptions,
): Promise<Stripe.Coupon> {
  const rows = await ctx.db.query('SELECT data, deleted FROM coupons WHERE id = $1', [id]);
  if (!rows.length || rows[0].deleted) throw resourceMissing('coupon', id, param);
  return checkCoupon(rows[0].data as Stripe.Coupon, param, opts);
}

function checkCoupon(coupon: Stripe.Coupon, param: string, opts: ResolveDiscountsOptions): Stripe.Coupon {
  if (!couponValidAt(coupon, opts.at))
    throw invalidRequest(`Coupon ${coupon.id} is no longer valid.`, param, 'coupon_expired');
  if (opts.currency !== undefined && coupon.amount_off !== null && coupon.currency !== opts.currency && !coupon.currency_options?.[opts.currency])
    throw invalidRequest(
      `Coupon ${coupon.id} takes an amount off in ${coupon.currency} and has no amount in ${opts.currency}.`,
      param,
    );
  return presentCoupon(coupon, opts.at);
}

async function redeemablePromotionCode(
  ctx: Pick<ServiceContext, 'db'>,
  id: string,
  param: string,
  opts: ResolveDiscountsOptions,
): Promise<ResolvedDiscount> {
  const promo = await loadPromotionCode(ctx.db, id, { param });
  const fail = (why: string) => invalidRequest(`Promotion code ${promo.code} ${why}.`, param);
  if (!promo.active) throw fail('is inactive');
  if (promo.expires_at !== null && opts.at >= promo.expires_at) throw fail('has expired');
  if (promo.max_redemptions !== null && promo.times_redeemed >= promo.max_redemptions)
    throw fail('has reached its maximum number of redemptions');
  if (promo.customer !== null && promo.customer !== opts.customerId) throw fail('cannot be redeemed by this customer');
  if (opts.amount !== undefined) {
    const currency = opts.currency ?? promo.restrictions.minimum_amount_currency;
    const hasMinimum = promo.restrictions.minimum_amount !== null;
    const minimum = currency ? minimumAmountIn(promo.restrictions, currency) : undefined;
    if (hasMinimum && minimum === undefined) throw fail(`has no minimum amount in ${currency}, so it cannot be used in it`);
    if (minimum !== undefined && opts.amount < minimum)
      throw fail(`needs a minimum amount of ${formatAmount(minimum, currency!)}`);
  }
  if (promo.restrictions.first_time_transaction && (await hasPaid(ctx, opts.customerId)))
    throw fail('is only for customers who have not paid before');

  const couponId = promo.promotion.coupon as string;
  const rows = await ctx.db.query('SELECT data, deleted FROM coupons WHERE id = $1', [couponId]);
  if (!rows.length || rows[0].deleted) throw fail('belongs to a coupon that was deleted');
  return { coupon: checkCoupon(rows[0].data as Stripe.Coupon, param, opts), promotionCode: promo };
}

/** Whether the customer has paid anything on an invoice before (a paid $0 trial invoice does not count). */
async function hasPaid(ctx: Pick<ServiceContext, 'db'>, customerId: string): Promise<boolean> {
  const rows = await ctx.db.query(
    `SELECT 1 FROM invoices WHERE customer_id = $1 AND status = 'paid' AND COALESCE((data->>'amount_paid')::bigint, 0) > 0 LIMIT 1`,
    [customerId],
  );
  return rows.length > 0;
}
