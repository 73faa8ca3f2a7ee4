// The discounts a flexible-mode change's debit prorations take when they are made: the
// subscription's discounts in force at the proration instant and those its items name, with their
// coupons' terms (a preview's discounts that were only built count too).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { discountApplies } from '../../domain/discounts.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import type { ProrationDiscountTerms } from '../../domain/subscriptions/proration-discounts.ts';
import { discountsWithCoupons } from '../invoices/preview-draft.ts';
import { discountIdsOf, type Resolution } from './subscription-discounts.ts';

export async function prorationDiscountTerms(
  ctx: Pick<ServiceContext, 'db'>,
  sub: Pick<Stripe.Subscription, 'discounts'>,
  items: Stripe.SubscriptionItem[],
  at: number,
  res: Resolution,
): Promise<ProrationDiscountTerms> {
  const own = discountIdsOf(sub.discounts as Array<string | { id: string }>);
  const named = items.flatMap((i) => discountIdsOf((i.discounts ?? []) as Array<string | { id: string }>));
  const known = await discountsWithCoupons(ctx, [...new Set([...own, ...named])], res.built);
  const inForce = (id: string): InvoiceDiscount[] => {
    const d = known.get(id);
    return d?.coupon && discountApplies({ coupon: d.coupon, start: d.discount.start, end: d.discount.end }, at) ? [{ id, coupon: d.coupon }] : [];
  };
  return { subscription: own.flatMap(inForce), items: new Map(named.flatMap(inForce).map((d) => [d.id, d])) };
}
