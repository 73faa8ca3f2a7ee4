// Dashboard sessions: a random secret in an HttpOnly cookie (stored hashed) and the CSRF token that
// every write must echo in a header. Sessions end at sign-out, at expiry, or when the account is removed.
import type { Db } from '../../core/db.ts';
import type { ServiceContext } from '../../core/context.ts';
import { randomSecret } from '../../core/ids.ts';
import { accountById, secretHash, type StaffAccount } from './staff-store.ts';

export const SESSION_SECONDS = 12 * 3600;

export interface StaffSession {
  account: StaffAccount;
  csrfToken: string;
  expiresAt: number;
}

export async function startSession(ctx: ServiceContext, account: StaffAccount): Promise<{ secret: string; session: StaffSession }> {
  const secret = randomSecret(48);
  const csrfToken = randomSecret(32);
  const now = ctx.clock.now();
  const expiresAt = now + SESSION_SECONDS;
  await ctx.db.query('INSERT INTO staff_sessions (secret_hash, account_id, csrf_token, created, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    secretHash(secret),
    account.id,
    csrfToken,
    now,
    expiresAt,
  ]);
  return { secret, session: { account, csrfToken, expiresAt } };
}

/** The live session a cookie's secret belongs to, or null. */
export async function findSession(db: Db, now: number, secret: string): Promise<StaffSession | null> {
  const rows = await db.query(
    `SELECT s.csrf_token, s.expires_at, a.id FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id
      WHERE s.secret_hash = $1 AND s.expires_at > $2 AND NOT a.disabled`,
    [secretHash(secret), now],
  );
  if (!rows[0]) return null;
  const account = await accountById(db, rows[0].id);
  return account ? { account, csrfToken: rows[0].csrf_token, expiresAt: Number(rows[0].expires_at) } : null;
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await db.query('DELETE FROM staff_sessions WHERE secret_hash = $1', [secretHash(secret)]);
}
