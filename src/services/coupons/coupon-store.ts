// Loading and saving coupons. A coupon's `valid` is stored as of its last write (deletion and
// max_redemptions) and refined at read time against the clock for redeem_by.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';

export type Coupon = Stripe.Coupon;

export const insertCoupon = (db: Db, c: Coupon) => insertObject(db, 'coupons', c);
export const saveCoupon = (db: Db, c: Coupon) => updateObject(db, 'coupons', c);

/** Whether the coupon can still be redeemed at `at`, ignoring the stored flag. */
export function couponValidAt(c: Pick<Coupon, 'redeem_by' | 'max_redemptions' | 'times_redeemed'>, at: number): boolean {
  if (c.redeem_by !== null && at > c.redeem_by) return false;
  if (c.max_redemptions !== null && c.times_redeemed >= c.max_redemptions) return false;
  return true;
}

/** The coupon as the API shows it at `at`. */
export const presentCoupon = (c: Coupon, at: number): Coupon => ({ ...c, valid: couponValidAt(c, at) });

/** A coupon that has not been deleted, or the 404 Stripe gives (deleted coupons are gone from the API). */
export async function loadCoupon(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<Coupon> {
  const rows = await db.query(`SELECT data, deleted FROM coupons WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length || rows[0].deleted) throw resourceMissing('coupon', id, opts.param ?? 'id');
  return rows[0].data as Coupon;
}
