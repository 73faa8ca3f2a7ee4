// Who is calling: a secret key in the Authorization header, or a dashboard session cookie. A session's
// writes must carry its CSRF token in a header (a cross-site form cannot set one), and a viewer's
// writes are refused here, on the server, whatever the screens show.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../core/db.ts';
import type { Clock } from '../../core/clock.ts';
import { authenticationFailed, permissionDenied } from '../../core/errors.ts';
import { findSession, type StaffSession } from '../../services/accounts/staff-sessions.ts';
import type { ApiKeyVerifier } from './auth.ts';

export const SESSION_COOKIE = 'recur_session';
export const CSRF_HEADER = 'x-recur-csrf-token';

export interface Caller {
  /** Whose Idempotency-Keys these are (the key's id, or the staff account's). */
  keyOwner: string;
  /** The API key's kind when a key was used: `restricted` keys only read. */
  keyType?: 'secret' | 'restricted';
  session?: StaffSession;
}

export function cookieValue(req: FastifyRequest, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The signed-in staff member of a request, or null (no cookie, expired, removed). */
export async function sessionOf(db: Db, clock: Clock, req: FastifyRequest): Promise<{ secret: string; session: StaffSession } | null> {
  const secret = cookieValue(req, SESSION_COOKIE);
  if (!secret) return null;
  const session = await findSession(db, clock.now(), secret);
  return session ? { secret, session } : null;
}

/** Refuses a session's write without its CSRF token, or by a viewer. */
export function checkSessionWrite(req: FastifyRequest, session: StaffSession): void {
  if (req.headers[CSRF_HEADER] !== session.csrfToken) throw permissionDenied('This request did not come from the dashboard (missing or wrong CSRF token). Reload the page and try again.');
  if (session.account.role === 'viewer') throw permissionDenied('Your role is viewer: you can look but not change anything. Ask an admin.');
}

export async function authenticate(db: Db, clock: Clock, verifier: ApiKeyVerifier, req: FastifyRequest): Promise<Caller> {
  if (req.headers.authorization || !cookieValue(req, SESSION_COOKIE)) {
    const key = await verifier.verify(req.headers.authorization);
    if (key.type === 'restricted' && req.method !== 'GET')
      throw permissionDenied(
        `The provided key '${key.id}' is a restricted read-only key: it does not have the required permissions for ${req.method} ${req.url.split('?')[0]}. Use a secret key to make changes.`,
      );
    return { keyOwner: key.id, keyType: key.type === 'restricted' ? 'restricted' : 'secret' };
  }
  const found = await sessionOf(db, clock, req);
  if (!found) throw authenticationFailed('Your dashboard session has ended. Sign in again.');
  if (req.method !== 'GET') checkSessionWrite(req, found.session);
  return { keyOwner: found.session.account.id, session: found.session };
}
