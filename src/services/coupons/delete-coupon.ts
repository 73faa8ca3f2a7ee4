// Deletes a coupon: it can no longer be redeemed or retrieved; discounts already applied keep it,
// so the row stays (marked deleted) and `expand` still resolves its id to the deleted stub.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { markDeleted } from '../../store/objects.ts';
import { loadCoupon } from './coupon-store.ts';

export async function deleteCoupon(ctx: ServiceContext, id: string): Promise<Stripe.DeletedCoupon> {
  const coupon = await loadCoupon(ctx.db, id, { forUpdate: true });
  const final: Stripe.Coupon = { ...coupon, valid: false };
  await markDeleted(ctx.db, 'coupons', [id], { valid: false });
  await recordEvent(ctx, 'coupon.deleted', final);
  return { id, object: 'coupon', deleted: true };
}
