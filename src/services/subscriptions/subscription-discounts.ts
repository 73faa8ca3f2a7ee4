// Discounts on a subscription or one of its items: coupons and promotion codes resolved, redeemed
// once, and stored as Stripe.Discount rows whose `end` follows the coupon's duration.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { insertObject } from '../../store/objects.ts';
import { recordEvent } from '../../events/record-event.ts';
import { resolveDiscounts, type DiscountInput } from '../coupons/resolve-discounts.ts';
import { recordRedemption } from '../coupons/record-redemption.ts';
import { discountEnd, discountApplies, type CouponTerms } from '../../domain/discounts.ts';

export type DiscountRequest = DiscountInput & { discount?: string };

/**
 * Whether resolving a request stores what it makes (new discounts and their redemptions, inline
 * prices) or only builds it: a preview resolves the same way and writes nothing.
 */
export interface Resolution {
  persist: boolean;
  /** The discounts a preview built without storing them, for its totals. */
  built?: Stripe.Discount[];
}
export const PERSIST: Resolution = Object.freeze({ persist: true });
export const previewResolution = (): Resolution => ({ persist: false, built: [] });

export interface DiscountOwner {
  customer: string;
  subscription: string;
  subscriptionItem?: string | null;
  currency: string;
  /** The instant the discounts start (the subscription's clock). */
  at: number;
}

/**
 * The discounts a request asks for, in its order: `{ discount: di_… }` keeps one already on the
 * owner, coupons and promotion codes become new discounts. Returns the full new list.
 */
export async function applyDiscountRequests(
  ctx: ServiceContext,
  requests: DiscountRequest[],
  existing: Stripe.Discount[],
  owner: DiscountOwner,
  param: string,
  res: Resolution = PERSIST,
): Promise<Stripe.Discount[]> {
  const out: Stripe.Discount[] = [];
  const fresh: Array<{ index: number; input: DiscountInput }> = [];
  requests.forEach((r, i) => {
    if (r.discount !== undefined) {
      const kept = existing.find((d) => d.id === r.discount);
      if (!kept) throw resourceMissing('discount', r.discount, `${param}[${i}][discount]`);
      out[i] = kept;
    } else fresh.push({ index: i, input: { coupon: r.coupon, promotion_code: r.promotion_code } });
  });
  if (fresh.length) {
    // Resolve as one list so a coupon repeated in the request is refused; params keep their index.
    const resolved = await resolveDiscounts(ctx, fresh.map((f) => f.input), {
      param,
      customerId: owner.customer,
      at: owner.at,
      currency: owner.currency,
    }).catch((e) => {
      throw reindex(e, param, fresh.map((f) => f.index));
    });
    const kept = new Set(out.filter(Boolean).map(couponOf));
    for (const [k, r] of resolved.entries()) {
      if (kept.has(r.coupon.id)) throw invalidRequest(`The coupon ${r.coupon.id} is applied more than once.`, `${param}[${fresh[k].index}][coupon]`);
      if (res.persist) await recordRedemption(ctx, r.coupon, r.promotionCode);
      const d: Stripe.Discount = {
        id: ctx.ids.next('di'),
        object: 'discount',
        checkout_session: null,
        customer: owner.customer,
        customer_account: null,
        end: discountEnd(r.coupon as unknown as CouponTerms, owner.at),
        invoice: null,
        invoice_item: null,
        promotion_code: r.promotionCode?.id ?? null,
        source: { coupon: r.coupon.id, type: 'coupon' },
        start: owner.at,
        subscription: owner.subscription,
        subscription_item: owner.subscriptionItem ?? null,
      };
      if (res.persist) {
        await insertObject(ctx.db, 'discounts', { ...d, created: owner.at });
        await recordEvent(ctx, 'customer.discount.created', d, { at: owner.at, customerId: owner.customer });
      } else res.built?.push(d);
      out[fresh[k].index] = d;
    }
  }
  return out;
}

/** The errors of the resolved sub-list name the index the request gave. */
function reindex(e: any, param: string, indexes: number[]): unknown {
  const p: unknown = e?.body?.param;
  if (typeof p !== 'string' || !p.startsWith(`${param}[`)) return e;
  const m = p.slice(param.length).match(/^\[(\d+)\](.*)$/);
  if (!m) return e;
  e.body.param = `${param}[${indexes[Number(m[1])]}]${m[2]}`;
  return e;
}

export const couponOf = (d: Stripe.Discount): string =>
  typeof d.source.coupon === 'string' ? d.source.coupon : (d.source.coupon?.id ?? '');

export const discountIdsOf = (list: Array<string | { id: string }>): string[] => list.map((d) => (typeof d === 'string' ? d : d.id));

/** Loads discounts by id, in the order given (missing ids are skipped). */
export async function loadDiscounts(ctx: Pick<ServiceContext, 'db'>, ids: string[]): Promise<Stripe.Discount[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.query('SELECT id, data FROM discounts WHERE id = ANY($1)', [ids]);
  const byId = new Map(rows.map((r) => [r.id as string, r.data as Stripe.Discount]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** The coupon terms of the discounts, for deciding which still apply. */
async function couponsOf(ctx: Pick<ServiceContext, 'db'>, ds: Stripe.Discount[]): Promise<Map<string, CouponTerms>> {
  const ids = [...new Set(ds.map(couponOf))];
  if (!ids.length) return new Map();
  const rows = await ctx.db.query('SELECT id, data FROM coupons WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id as string, r.data as CouponTerms]));
}

/** Of these discounts, those that apply to an invoice for the period starting at `periodStart`. */
export async function discountsApplying(
  ctx: Pick<ServiceContext, 'db'>,
  ds: Stripe.Discount[],
  periodStart: number,
): Promise<Stripe.Discount[]> {
  const coupons = await couponsOf(ctx, ds);
  return ds.filter((d) => {
    const coupon = coupons.get(couponOf(d));
    return coupon ? discountApplies({ coupon, start: d.start, end: d.end }, periodStart) : false;
  });
}

/** Which of the discounts are over at `at`: repeating ones past their end, once ones already used. */
export async function expiredDiscounts(
  ctx: Pick<ServiceContext, 'db'>,
  ds: Stripe.Discount[],
  at: number,
  opts: { usedOnce: boolean },
): Promise<Stripe.Discount[]> {
  const coupons = await couponsOf(ctx, ds);
  return ds.filter((d) => {
    const coupon = coupons.get(couponOf(d));
    if (!coupon) return true;
    if (coupon.duration === 'once') return opts.usedOnce;
    return d.end !== null && d.end <= at;
  });
}

/** Records the removal of discounts that ended. */
export async function endDiscounts(ctx: ServiceContext, ds: Stripe.Discount[], at: number): Promise<void> {
  for (const d of ds) await recordEvent(ctx, 'customer.discount.deleted', d, { at, customerId: d.customer as string });
}
