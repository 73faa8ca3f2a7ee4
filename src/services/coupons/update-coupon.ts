// Updates what Stripe lets change on a coupon: its name, metadata and amounts in other currencies.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { couponCurrencyOptions } from './coupon-currency-options.ts';
import { loadCoupon, presentCoupon, saveCoupon } from './coupon-store.ts';

export interface UpdateCouponInput {
  name?: string | null;
  metadata?: MetadataInput;
  currency_options?: Record<string, { amount_off: number }>;
}

export async function updateCoupon(ctx: ServiceContext, id: string, input: UpdateCouponInput): Promise<Stripe.Coupon> {
  const before = await loadCoupon(ctx.db, id, { forUpdate: true });
  if (input.currency_options !== undefined && before.amount_off === null)
    throw invalidRequest('currency_options can only be set on a coupon with amount_off.', 'currency_options');
  const after: Stripe.Coupon = {
    ...before,
    name: input.name === undefined ? before.name : input.name,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    ...(input.currency_options !== undefined
      ? {
          currency_options: couponCurrencyOptions(
            before.currency_options ?? {},
            before.currency!,
            before.amount_off!,
            input.currency_options,
          ),
        }
      : {}),
  };
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length) {
    await saveCoupon(ctx.db, after);
    await recordEvent(ctx, 'coupon.updated', after, { previousAttributes: prev });
  }
  return presentCoupon(after, ctx.clock.now());
}
