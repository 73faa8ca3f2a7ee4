// Loading and saving tax rates (their list columns are generated from the object).
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';

export type TaxRate = Stripe.TaxRate;

export const insertTaxRate = (db: Db, t: TaxRate) => insertObject(db, 'tax_rates', t);
export const saveTaxRate = (db: Db, t: TaxRate) => updateObject(db, 'tax_rates', t);

export async function loadTaxRate(db: Db, id: string, opts: { param?: string; forUpdate?: boolean } = {}): Promise<TaxRate> {
  const rows = await db.query(`SELECT data FROM tax_rates WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('tax rate', id, opts.param ?? 'id');
  return rows[0].data as TaxRate;
}
