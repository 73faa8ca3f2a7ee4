// One-time links: the owner's first sign-in (when no credentials were configured) and staff invites.
// Accepting one sets the account's email and password and signs in; a used or expired link is refused.
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, permissionDenied } from '../../core/errors.ts';
import { randomSecret } from '../../core/ids.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords.ts';
import { accountByEmail, accountById, insertAccount, secretHash, type StaffAccount, type StaffRole } from './staff-store.ts';
import { startSession } from './staff-sessions.ts';

const TOKEN_SECONDS = 7 * 86400;

async function issueToken(ctx: ServiceContext, accountId: string, purpose: 'first_sign_in' | 'invite'): Promise<string> {
  const token = randomSecret(40);
  const now = ctx.clock.now();
  await ctx.db.query('INSERT INTO staff_tokens (secret_hash, account_id, purpose, created, expires_at) VALUES ($1, $2, $3, $4, $5)', [
    secretHash(token),
    accountId,
    purpose,
    now,
    now + TOKEN_SECONDS,
  ]);
  return token;
}

const validEmail = (email: unknown): email is string => typeof email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 320;

/**
 * At start: the owner from configured credentials, or (while nobody has a password yet) a fresh
 * one-time link for the owner. Returns the token to print, if any.
 */
export async function ensureOwner(ctx: ServiceContext, given: { email?: string; password?: string }): Promise<{ token?: string; created: boolean }> {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    await db.query('SELECT pg_advisory_xact_lock(7501)');
    const accounts = await db.query('SELECT id, email, role, password_hash FROM staff_accounts');
    if (given.email && given.password) {
      if (!validEmail(given.email)) throw new Error('RECUR_ADMIN_EMAIL is not an email address');
      if (given.password.length < MIN_PASSWORD_LENGTH) throw new Error(`RECUR_ADMIN_PASSWORD must have at least ${MIN_PASSWORD_LENGTH} characters`);
      if (accounts.some((a) => a.email?.toLowerCase() === given.email!.toLowerCase())) return { created: false };
      const owner = accounts.find((a) => a.role === 'owner');
      if (owner) {
        if (owner.password_hash) return { created: false };
        await db.query('UPDATE staff_accounts SET email = $2, password_hash = $3 WHERE id = $1', [owner.id, given.email, await hashPassword(given.password)]);
        return { created: false };
      }
      await insertAccount(db, {
        id: ctx.ids.next('staff'),
        email: given.email,
        role: 'owner',
        password_hash: await hashPassword(given.password),
        created: ctx.clock.now(),
        disabled: false,
      });
      return { created: true };
    }
    if (accounts.some((a) => a.password_hash)) return { created: false };
    let owner = accounts.find((a) => a.role === 'owner');
    if (!owner) {
      owner = { id: ctx.ids.next('staff') };
      await insertAccount(db, { id: owner.id, email: null, role: 'owner', password_hash: null, created: ctx.clock.now(), disabled: false });
    }
    await db.query("UPDATE staff_tokens SET used_at = $2 WHERE account_id = $1 AND used_at IS NULL", [owner.id, ctx.clock.now()]);
    return { token: await issueToken(tx, owner.id, 'first_sign_in'), created: true };
  });
}

export async function inviteStaff(ctx: ServiceContext, by: StaffAccount, input: { email?: unknown; role?: unknown }) {
  if (by.role === 'viewer') throw permissionDenied('Viewers cannot invite staff.');
  if (!validEmail(input.email)) throw invalidRequest('Enter the email address of the person to invite.', 'email');
  const role = input.role as StaffRole;
  if (role !== 'admin' && role !== 'viewer') throw invalidRequest('Choose a role: admin or viewer.', 'role');
  if (await accountByEmail(ctx.db, input.email)) throw invalidRequest(`${input.email} already has an account.`, 'email', 'resource_already_exists');
  const account: StaffAccount = { id: ctx.ids.next('staff'), email: input.email, role, password_hash: null, created: ctx.clock.now(), disabled: false };
  await insertAccount(ctx.db, account);
  return { account, token: await issueToken(ctx, account.id, 'invite') };
}

export async function acceptToken(ctx: ServiceContext, input: { token?: unknown; email?: unknown; password?: unknown }) {
  if (typeof input.token !== 'string' || !input.token) throw invalidRequest('This sign-in link is incomplete.', 'token');
  if (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH)
    throw invalidRequest(`Choose a password of at least ${MIN_PASSWORD_LENGTH} characters.`, 'password');
  const now = ctx.clock.now();
  const rows = await ctx.db.query(
    'UPDATE staff_tokens SET used_at = $2 WHERE secret_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id, purpose',
    [secretHash(input.token), now],
  );
  if (!rows[0]) throw invalidRequest('This sign-in link has expired or was already used. Ask for a new one.', 'token');
  const account = await accountById(ctx.db, rows[0].account_id);
  if (!account || account.disabled) throw invalidRequest('This account was removed.', 'token');
  let email = account.email;
  if (!email) {
    if (!validEmail(input.email)) throw invalidRequest('Enter your email address.', 'email');
    email = input.email;
  }
  const hash = await hashPassword(input.password);
  await ctx.db.query('UPDATE staff_accounts SET email = $2, password_hash = $3 WHERE id = $1', [account.id, email, hash]);
  return startSession(ctx, { ...account, email, password_hash: hash });
}

export async function removeStaff(ctx: ServiceContext, by: StaffAccount, id: string) {
  if (by.role === 'viewer') throw permissionDenied('Viewers cannot remove staff.');
  const account = await accountById(ctx.db, id);
  if (!account) throw invalidRequest(`No such staff account: '${id}'`, 'id', 'resource_missing');
  if (account.role === 'owner') throw invalidRequest('The owner cannot be removed.', 'id');
  await ctx.db.query('UPDATE staff_accounts SET disabled = true WHERE id = $1', [id]);
  await ctx.db.query('DELETE FROM staff_sessions WHERE account_id = $1', [id]);
  return { ...account, disabled: true };
}
