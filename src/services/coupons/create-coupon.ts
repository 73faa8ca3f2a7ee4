// Creates a coupon: a percentage or a fixed amount off, for one invoice, some months, or forever.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam, resourceMissing } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { kindOf } from '../../store/object-registry.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { couponCurrencyOptions } from './coupon-currency-options.ts';
import { insertCoupon, presentCoupon } from './coupon-store.ts';

export interface CreateCouponInput {
  id?: string;
  name?: string;
  /** A decimal string, 0 < p ≤ 100. */
  percent_off?: string;
  amount_off?: number;
  currency?: string;
  duration?: 'once' | 'repeating' | 'forever';
  duration_in_months?: number;
  max_redemptions?: number;
  redeem_by?: number;
  applies_to?: { products?: string[] };
  currency_options?: Record<string, { amount_off: number }>;
  metadata?: MetadataInput;
}

const COUPON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
const FIVE_YEARS = 5 * 366 * 86400;

export async function createCoupon(ctx: ServiceContext, input: CreateCouponInput): Promise<Stripe.Coupon> {
  const now = ctx.clock.now();
  const id = input.id ?? (await generateCouponId(ctx));
  if (input.id !== undefined) await checkChosenId(ctx, input.id);

  const { percent, amountOff, currency } = discountValue(input);
  const duration = input.duration ?? 'once';
  if (duration === 'repeating' && input.duration_in_months === undefined) throw missingParam('duration_in_months');
  if (duration !== 'repeating' && input.duration_in_months !== undefined)
    throw invalidRequest('duration_in_months can only be set when duration is repeating.', 'duration_in_months');

  if (input.redeem_by !== undefined) {
    if (input.redeem_by <= now) throw invalidRequest('redeem_by must be a Unix timestamp in the future.', 'redeem_by');
    if (input.redeem_by > now + FIVE_YEARS) throw invalidRequest('redeem_by cannot be more than 5 years in the future.', 'redeem_by');
  }

  const appliesTo = input.applies_to === undefined ? undefined : await checkProducts(ctx, input.applies_to.products);
  const currencyOptions =
    amountOff === null
      ? undefined
      : couponCurrencyOptions({}, currency!, amountOff, input.currency_options);
  if (amountOff === null && input.currency_options !== undefined)
    throw invalidRequest('currency_options can only be set on a coupon with amount_off.', 'currency_options');

  const coupon: Stripe.Coupon = {
    id,
    object: 'coupon',
    amount_off: amountOff,
    ...(appliesTo ? { applies_to: appliesTo } : {}),
    created: now,
    currency,
    currency_options: currencyOptions ?? {},
    duration,
    duration_in_months: input.duration_in_months ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: mergeMetadata({}, input.metadata),
    name: input.name ?? null,
    percent_off: percent,
    redeem_by: input.redeem_by ?? null,
    times_redeemed: 0,
    valid: true,
  };
  await insertCoupon(ctx.db, coupon);
  await recordEvent(ctx, 'coupon.created', coupon);
  return presentCoupon(coupon, now);
}

function discountValue(input: CreateCouponInput): { percent: number | null; amountOff: number | null; currency: string | null } {
  if (input.percent_off !== undefined && input.amount_off !== undefined)
    throw invalidRequest('You may only specify one of these parameters: amount_off, percent_off.', 'percent_off');
  if (input.percent_off !== undefined) {
    const p = Number(input.percent_off);
    if (!(p > 0 && p <= 100)) throw invalidRequest('percent_off must be greater than 0 and at most 100.', 'percent_off');
    if (input.currency !== undefined) throw invalidRequest('currency can only be set with amount_off.', 'currency');
    return { percent: p, amountOff: null, currency: null };
  }
  if (input.amount_off !== undefined) {
    if (input.currency === undefined) throw missingParam('currency');
    return { percent: null, amountOff: input.amount_off, currency: input.currency };
  }
  throw invalidRequest('You must pass either percent_off or amount_off.', 'percent_off', 'parameter_missing');
}

async function checkChosenId(ctx: ServiceContext, id: string): Promise<void> {
  if (!COUPON_ID.test(id))
    throw invalidRequest('Coupon ids may contain letters, digits, `_`, `.` and `-` (at most 200 characters).', 'id');
  // An id that looks like another object's (cus_…) would confuse lookups by id.
  if (kindOf(id)) throw invalidRequest(`Coupon ids cannot start with the prefix of another object (${id.split('_')[0]}_).`, 'id');
  const rows = await ctx.db.query('SELECT 1 FROM coupons WHERE id = $1', [id]);
  if (rows.length) throw invalidRequest('Coupon already exists.', 'id', 'resource_already_exists');
}

async function generateCouponId(ctx: ServiceContext): Promise<string> {
  for (;;) {
    const id = ctx.ids.next('coupon').split('_')[1].slice(-8);
    const rows = await ctx.db.query('SELECT 1 FROM coupons WHERE id = $1', [id]);
    if (!rows.length) return id;
  }
}

async function checkProducts(ctx: ServiceContext, products: string[] | undefined): Promise<Stripe.Coupon.AppliesTo> {
  if (!products || products.length === 0)
    throw invalidRequest('applies_to[products] must name at least one product.', 'applies_to[products]');
  const rows = await ctx.db.query<{ id: string }>('SELECT id FROM products WHERE id = ANY($1) AND NOT deleted', [products]);
  const found = new Set(rows.map((r) => r.id));
  const missing = products.findIndex((p) => !found.has(p));
  if (missing >= 0) throw resourceMissing('product', products[missing], `applies_to[products][${missing}]`);
  return { products: [...new Set(products)] };
}
