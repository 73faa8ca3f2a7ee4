// Counts one redemption of a coupon (and the promotion code it came through) once the billing
// engine has applied the discount. Rows are re-read under a lock so concurrent redemptions cannot
// exceed max_redemptions: the one that would is refused.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { couponValidAt, loadCoupon, saveCoupon } from './coupon-store.ts';
import { loadPromotionCode, savePromotionCode } from '../promotion-codes/promotion-code-store.ts';

export async function recordRedemption(
  ctx: ServiceContext,
  coupon: Stripe.Coupon,
  promotionCode: Stripe.PromotionCode | null,
): Promise<void> {
  const now = ctx.clock.now();
  const c = await loadCoupon(ctx.db, coupon.id, { forUpdate: true });
  if (c.max_redemptions !== null && c.times_redeemed >= c.max_redemptions)
    throw invalidRequest(`Coupon ${c.id} has reached its maximum number of redemptions.`, undefined, 'coupon_expired');
  if (promotionCode) {
    const p = await loadPromotionCode(ctx.db, promotionCode.id, { forUpdate: true });
    if (p.max_redemptions !== null && p.times_redeemed >= p.max_redemptions)
      throw invalidRequest(`Promotion code ${p.code} has reached its maximum number of redemptions.`);
    const after: Stripe.PromotionCode = { ...p, times_redeemed: p.times_redeemed + 1 };
    await savePromotionCode(ctx.db, after);
    await recordEvent(ctx, 'promotion_code.updated', after, { previousAttributes: { times_redeemed: p.times_redeemed } });
  }
  const after: Stripe.Coupon = { ...c, times_redeemed: c.times_redeemed + 1 };
  after.valid = couponValidAt(after, now);
  await saveCoupon(ctx.db, after);
  await recordEvent(ctx, 'coupon.updated', after, {
    previousAttributes: { times_redeemed: c.times_redeemed, ...(after.valid !== c.valid ? { valid: c.valid } : {}) },
  });
}
