// Loading and saving prices (the columns lists filter on are generated from the object).
// The stored object always carries `tiers` and `currency_options`; the API shows them only when expanded.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { noSuch } from '../products/product-store.ts';

export type Price = Stripe.Price;

export const insertPrice = (db: Db, p: Price) => insertObject(db, 'prices', p);
export const savePrice = (db: Db, p: Price) => updateObject(db, 'prices', p);

/**
 * A price by id, with its tiers and currency options, or resource_missing naming `param`
 * (a 404 for the URL's own id, a 400 for a parameter such as `items[0][price]`).
 */
export async function loadPrice(db: Db, id: string, param = 'id', opts: { forUpdate?: boolean } = {}): Promise<Price> {
  const rows = await db.query(`SELECT data FROM prices WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw noSuch('price', id, param);
  return rows[0].data as Price;
}

export const productIdOf = (p: Price): string => (typeof p.product === 'string' ? p.product : p.product.id);
