// Loading and saving payment methods (the owning customer's column is generated from the object).
import type Stripe from 'stripe';
import type { Db } from '../store/db.ts';
import { getObject, insertObject, updateObject } from '../store/objects.ts';
import { RecurError, resourceMissing } from '../core/errors.ts';

export type PaymentMethod = Stripe.PaymentMethod;

export const customerIdOf = (pm: PaymentMethod): string | null =>
  typeof pm.customer === 'string' ? pm.customer : (pm.customer?.id ?? null);

export const insertPaymentMethod = (db: Db, pm: PaymentMethod) => insertObject(db, 'payment_methods', pm);
export const savePaymentMethod = (db: Db, pm: PaymentMethod) => updateObject(db, 'payment_methods', pm);

/**
 * Stripe's "No such PaymentMethod": a 404 when the URL names it (`param` = 'id'), a 400 when a
 * request parameter does.
 */
export function noSuchPaymentMethod(id: string, param: string): RecurError {
  const e = resourceMissing('PaymentMethod', id, param);
  return param === 'id' ? e : e.asInvalid();
}

export async function loadPaymentMethod(
  db: Db,
  id: string,
  opts: { param?: string; forUpdate?: boolean } = {},
): Promise<PaymentMethod> {
  const pm = await getObject<PaymentMethod>(db, 'payment_methods', id, { forUpdate: opts.forUpdate });
  if (!pm) throw noSuchPaymentMethod(id, opts.param ?? 'id');
  return pm;
}
