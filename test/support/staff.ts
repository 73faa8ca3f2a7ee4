// Dashboard staff for tests: the owner from credentials, invited staff, and fetch with a session cookie.
import type { TestRecur } from './recur.ts';
import { ensureOwner, inviteStaff, acceptToken } from '../../src/services/accounts/staff-tokens.ts';
import { accountByEmail } from '../../src/services/accounts/staff-store.ts';

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery' };

export interface StaffClient {
  csrf: string;
  cookie: string;
  /** Raw HTTP with the session cookie (and the CSRF header unless csrf: false). */
  fetch(path: string, init?: RequestInit & { json?: unknown; csrf?: boolean }): Promise<{ status: number; headers: Headers; body: any }>;
}

export async function signInAs(r: TestRecur, email: string, password: string): Promise<StaffClient> {
  const res = await r.fetch('/v1/recur/dashboard/sign_in', {
    method: 'POST',
    auth: false,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  return staffClient(r, cookie, res.body.csrf_token);
}

export function staffClient(r: TestRecur, cookie: string, csrf: string): StaffClient {
  return {
    csrf,
    cookie,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      headers.set('cookie', cookie);
      if (init.csrf !== false) headers.set('x-recur-csrf-token', csrf);
      let body = init.body;
      if (init.json !== undefined) {
        headers.set('content-type', 'application/json');
        body = JSON.stringify(init.json);
      }
      return r.fetch(path, { ...init, body, headers, auth: false });
    },
  };
}

export async function ownerOf(r: TestRecur): Promise<StaffClient> {
  await ensureOwner(r.context(), OWNER);
  return signInAs(r, OWNER.email, OWNER.password);
}

/** A staff member with this role, invited by the owner, who has accepted and signed in. */
export async function staffWithRole(r: TestRecur, role: 'admin' | 'viewer', email: string): Promise<StaffClient> {
  await ensureOwner(r.context(), OWNER);
  const owner = (await accountByEmail(r.db, OWNER.email))!;
  const { token } = await inviteStaff(r.context(), owner, { email, role });
  await acceptToken(r.context(), { token, password: 'a long enough password' });
  return signInAs(r, email, 'a long enough password');
}
