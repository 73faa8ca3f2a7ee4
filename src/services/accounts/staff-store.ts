// Staff accounts, sessions and one-time tokens in the store. Secrets are kept as SHA-256 hashes only.
import { createHash } from 'node:crypto';
import type { Db } from '../../core/db.ts';

export type StaffRole = 'owner' | 'admin' | 'viewer';
export const STAFF_ROLES = ['owner', 'admin', 'viewer'] as const;

export interface StaffAccount {
  id: string;
  email: string | null;
  role: StaffRole;
  password_hash: string | null;
  created: number;
  disabled: boolean;
}

export const secretHash = (secret: string) => createHash('sha256').update(secret).digest('hex');

const toAccount = (r: any): StaffAccount => ({ ...r, created: Number(r.created) });

export async function accountByEmail(db: Db, email: string): Promise<StaffAccount | null> {
  const rows = await db.query('SELECT * FROM staff_accounts WHERE lower(email) = lower($1)', [email]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function accountById(db: Db, id: string): Promise<StaffAccount | null> {
  const rows = await db.query('SELECT * FROM staff_accounts WHERE id = $1', [id]);
  return rows[0] ? toAccount(rows[0]) : null;
}

export async function listAccounts(db: Db): Promise<StaffAccount[]> {
  return (await db.query('SELECT * FROM staff_accounts ORDER BY created, id')).map(toAccount);
}

export async function insertAccount(db: Db, a: StaffAccount): Promise<void> {
  await db.query('INSERT INTO staff_accounts (id, email, role, password_hash, created, disabled) VALUES ($1, $2, $3, $4, $5, $6)', [
    a.id,
    a.email,
    a.role,
    a.password_hash,
    a.created,
    a.disabled,
  ]);
}

/** What staff and their screens may see of an account: never the hash. */
export const publicAccount = (a: StaffAccount) => ({
  id: a.id,
  object: 'recur.staff_account' as const,
  email: a.email,
  role: a.role,
  created: a.created,
  status: a.disabled ? ('removed' as const) : a.password_hash ? ('active' as const) : ('invited' as const),
});
