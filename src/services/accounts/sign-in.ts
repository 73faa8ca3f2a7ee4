// Signing in with email and password. A wrong password and an unknown email get the same answer,
// after the same work (a hash is verified either way), and failures are rate-limited.
import type { ServiceContext } from '../../core/context.ts';
import { authenticationFailed, invalidRequest, rateLimited } from '../../core/errors.ts';
import { UNKNOWN_ACCOUNT_HASH, verifyPassword } from './passwords.ts';
import { accountByEmail } from './staff-store.ts';
import { startSession } from './staff-sessions.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export const WRONG_CREDENTIALS = 'Incorrect email or password.';

export async function signIn(ctx: ServiceContext, limiter: SignInLimiter, input: { email?: unknown; password?: unknown; client: string }) {
  if (typeof input.email !== 'string' || !input.email.trim()) throw invalidRequest('Enter your email address.', 'email', 'parameter_missing');
  if (typeof input.password !== 'string' || !input.password) throw invalidRequest('Enter your password.', 'password', 'parameter_missing');
  const email = input.email.trim();
  const now = ctx.clock.now();
  const keys = [`email:${email.toLowerCase()}`, `client:${input.client}`];
  const wait = limiter.blockedFor(keys, now);
  if (wait > 0) throw rateLimited(`Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`);
  const account = await accountByEmail(ctx.db, email);
  const usable = account && !account.disabled && account.password_hash ? account : null;
  const ok = await verifyPassword(input.password, usable?.password_hash ?? UNKNOWN_ACCOUNT_HASH);
  if (!usable || !ok) {
    limiter.recordFailure(keys, now);
    throw authenticationFailed(WRONG_CREDENTIALS);
  }
  limiter.clear(keys[0]);
  return startSession(ctx, usable);
}
