// Loading and saving products (their list columns, `deleted` included, are generated from the object).
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { RecurError, resourceMissing } from '../../core/errors.ts';

export type Product = Stripe.Product;

export const insertProduct = (db: Db, p: Product) => insertObject(db, 'products', p);
export const saveProduct = (db: Db, p: Product) => updateObject(db, 'products', p);

/**
 * Stripe's "No such …" error: a 404 for the object named by the URL (`param` = 'id'), a 400 when a
 * request parameter refers to an object that does not exist.
 */
export function noSuch(noun: string, id: string, param: string): RecurError {
  const e = resourceMissing(noun, id, param);
  return param === 'id' ? e : e.asInvalid();
}

/** A product that has not been deleted, or resource_missing naming `param`. */
export async function loadProduct(db: Db, id: string, param = 'id', opts: { forUpdate?: boolean } = {}): Promise<Product> {
  const rows = await db.query(`SELECT data, deleted FROM products WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length || rows[0].deleted) throw noSuch('product', id, param);
  return rows[0].data as Product;
}

/** Whether any row, deleted or not, holds this id (custom ids may not be reused). */
export async function productIdTaken(db: Db, id: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM products WHERE id = $1', [id])).length > 0;
}
