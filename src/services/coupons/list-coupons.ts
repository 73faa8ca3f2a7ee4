// Lists live coupons newest first, each with `valid` as of now.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope, type ListEnvelope, type ListQuery } from '../../store/list.ts';
import { presentCoupon } from './coupon-store.ts';

export async function listCoupons(ctx: ServiceContext, q: ListQuery): Promise<ListEnvelope<Stripe.Coupon>> {
  const page = await listEnvelope<Stripe.Coupon>(ctx.db, 'coupons', '/v1/coupons', q, [cond('NOT deleted')], 'coupon');
  const now = ctx.clock.now();
  return { ...page, data: page.data.map((c) => presentCoupon(c, now)) };
}
