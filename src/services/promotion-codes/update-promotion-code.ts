// Updates a promotion code: (de)activate it, change metadata or its minimum amounts in other currencies.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { couponValidAt } from '../coupons/coupon-store.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { mergeCurrencyOptions } from './promotion-code-restrictions.ts';
import { ensureCodeAvailable, loadPromotionCode, savePromotionCode } from './promotion-code-store.ts';

export interface UpdatePromotionCodeInput {
  active?: boolean;
  metadata?: MetadataInput;
  restrictions?: { currency_options?: Record<string, { minimum_amount: number }> };
}

export async function updatePromotionCode(
  ctx: ServiceContext,
  id: string,
  input: UpdatePromotionCodeInput,
): Promise<Stripe.PromotionCode> {
  const before = await loadPromotionCode(ctx.db, id, { forUpdate: true });
  const options = input.restrictions?.currency_options;
  const after: Stripe.PromotionCode = {
    ...before,
    active: input.active ?? before.active,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    restrictions: options === undefined ? before.restrictions : mergeCurrencyOptions(before.restrictions, options),
  };
  if (after.active && !before.active) {
    await ensureRedeemable(ctx, after);
    await ensureCodeAvailable(ctx.db, after.code, 'active', after.id);
  }
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length) {
    await savePromotionCode(ctx.db, after);
    await recordEvent(ctx, 'promotion_code.updated', after, { previousAttributes: prev });
  }
  return after;
}

/** A code can only be reactivated while it and its coupon could still be redeemed. */
async function ensureRedeemable(ctx: ServiceContext, p: Stripe.PromotionCode): Promise<void> {
  const now = ctx.clock.now();
  const rows = await ctx.db.query('SELECT data, deleted FROM coupons WHERE id = $1', [p.promotion.coupon]);
  const coupon = rows[0]?.deleted ? null : (rows[0]?.data as Stripe.Coupon | undefined);
  const why = !coupon || !couponValidAt(coupon, now)
    ? 'its coupon is no longer valid'
    : p.expires_at !== null && now >= p.expires_at
      ? 'it has expired'
      : p.max_redemptions !== null && p.times_redeemed >= p.max_redemptions
        ? 'it has reached its max_redemptions'
        : null;
  if (why) throw invalidRequest(`This promotion code cannot be reactivated: ${why}.`, 'active');
}
