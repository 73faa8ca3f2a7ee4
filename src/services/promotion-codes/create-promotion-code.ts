// Creates a promotion code: customer-facing text that redeems a coupon, with its own limits.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { couponValidAt, loadCoupon } from '../coupons/coupon-store.ts';
import { buildRestrictions, type RestrictionsInput } from './promotion-code-restrictions.ts';
import { ensureCodeAvailable, insertPromotionCode } from './promotion-code-store.ts';

export interface CreatePromotionCodeInput {
  promotion: { type: 'coupon'; coupon?: string };
  code?: string;
  customer?: string;
  expires_at?: number;
  max_redemptions?: number;
  active?: boolean;
  restrictions?: RestrictionsInput;
  metadata?: MetadataInput;
}

export async function createPromotionCode(ctx: ServiceContext, input: CreatePromotionCodeInput): Promise<Stripe.PromotionCode> {
  const now = ctx.clock.now();
  if (input.promotion.coupon === undefined) throw missingParam('promotion[coupon]');
  const coupon = await loadCoupon(ctx.db, input.promotion.coupon, { param: 'promotion[coupon]' });
  if (!couponValidAt(coupon, now))
    throw invalidRequest(`Coupon ${coupon.id} is no longer valid and cannot get new promotion codes.`, 'promotion[coupon]');

  if (input.customer !== undefined) await loadCustomer(ctx.db, input.customer, { param: 'customer' });
  if (input.expires_at !== undefined) {
    if (input.expires_at <= now) throw invalidRequest('expires_at must be a Unix timestamp in the future.', 'expires_at');
    if (coupon.redeem_by !== null && input.expires_at > coupon.redeem_by)
      throw invalidRequest(`expires_at cannot be after the coupon's redeem_by (${coupon.redeem_by}).`, 'expires_at');
  }
  if (input.max_redemptions !== undefined && coupon.max_redemptions !== null && input.max_redemptions > coupon.max_redemptions)
    throw invalidRequest(
      `max_redemptions cannot exceed the coupon's max_redemptions (${coupon.max_redemptions}).`,
      'max_redemptions',
    );
  const restrictions = buildRestrictions(input.restrictions);
  const active = input.active ?? true;
  const code = input.code ?? (await generateCode(ctx));
  if (active && input.code !== undefined) await ensureCodeAvailable(ctx.db, code, 'code');

  const promotionCode: Stripe.PromotionCode = {
    id: ctx.ids.next('promo'),
    object: 'promotion_code',
    active,
    code,
    created: now,
    customer: input.customer ?? null,
    customer_account: null,
    expires_at: input.expires_at ?? null,
    livemode: false,
    max_redemptions: input.max_redemptions ?? null,
    metadata: mergeMetadata({}, input.metadata),
    promotion: { type: 'coupon', coupon: coupon.id },
    restrictions,
    times_redeemed: 0,
  };
  await insertPromotionCode(ctx.db, promotionCode);
  await recordEvent(ctx, 'promotion_code.created', promotionCode);
  return promotionCode;
}

const GENERATED_CODE = /^[A-Z0-9]{8}$/;

/** Eight upper-case letters and digits, not used by any active code. */
async function generateCode(ctx: ServiceContext): Promise<string> {
  for (;;) {
    const code = ctx.ids.next('promo').split('_')[1].slice(-8).toUpperCase();
    if (!GENERATED_CODE.test(code)) continue;
    const rows = await ctx.db.query('SELECT 1 FROM promotion_codes WHERE upper(code) = $1 AND active', [code]);
    if (!rows.length) {
      await ensureCodeAvailable(ctx.db, code, 'code');
      return code;
    }
  }
}
