// Loading and saving promotion codes (their list columns are generated from the object), and the
// rule that no two active codes share their text regardless of case.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';

export type PromotionCode = Stripe.PromotionCode;

export const insertPromotionCode = (db: Db, p: PromotionCode) => insertObject(db, 'promotion_codes', p);
export const savePromotionCode = (db: Db, p: PromotionCode) => updateObject(db, 'promotion_codes', p);

export async function loadPromotionCode(
  db: Db,
  id: string,
  opts: { param?: string; forUpdate?: boolean } = {},
): Promise<PromotionCode> {
  const rows = await db.query(`SELECT data FROM promotion_codes WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('promotion code', id, opts.param ?? 'id');
  return rows[0].data as PromotionCode;
}

// Advisory-lock namespace (first key) for code texts; the second key is the text's hash.
const CODE_LOCK_NAMESPACE = 727_274_002;

/**
 * Fails when another active promotion code already uses this text (any case). Takes a
 * transaction-scoped lock on the text first, so two concurrent creates cannot both pass.
 */
export async function ensureCodeAvailable(db: Db, code: string, param: string, exceptId?: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock($1, hashtext(upper($2)))', [CODE_LOCK_NAMESPACE, code]);
  const rows = await db.query('SELECT id FROM promotion_codes WHERE upper(code) = upper($1) AND active AND id <> $2', [
    code,
    exceptId ?? '',
  ]);
  if (rows.length)
    throw invalidRequest(`An active promotion code with the code '${code}' already exists.`, param, 'resource_already_exists');
}
