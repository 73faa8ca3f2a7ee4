// Dashboard sign-in, sessions, CSRF, roles and rate limiting, through raw HTTP and the official client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { OWNER, ownerOf, signInAs, staffWithRole } from '../support/staff.ts';
import { ensureOwner } from '../../src/services/accounts/staff-tokens.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const signInWith = (email: string, password: string, ip = '10.0.0.1') =>
  r.fetch('/v1/recur/dashboard/sign_in', {
    method: 'POST',
    auth: false,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ email, password }),
  });

describe('dashboard sign-in', () => {
  it('signs the owner in with an HttpOnly SameSite cookie, and the session reaches /v1 without an API key', async () => {
    await ensureOwner(r.context(), OWNER);
    const res = await signInWith(OWNER.email, OWNER.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^recur_session=\w+;/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(res.body.account).toMatchObject({ email: OWNER.email, role: 'owner', status: 'active' });
    expect(JSON.stringify(res.body)).not.toContain('scrypt');
    const stored = await r.db.query('SELECT password_hash FROM staff_accounts WHERE email = $1', [OWNER.email]);
    expect(stored[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);

    const owner = await signInAs(r, OWNER.email, OWNER.password);
    const created = await owner.fetch('/v1/customers', { method: 'POST', json: { name: 'Made from the dashboard' } });
    expect(created.status).toBe(200);
    const listed = await owner.fetch('/v1/customers?limit=100');
    expect(listed.body.data.map((c: any) => c.id)).toContain(created.body.id);
  });

  it('answers a wrong password and an unknown email with the same message', async () => {
    const wrong = await signInWith(OWNER.email, 'not the password', '10.0.0.2');
    const unknown = await signInWith('nobody@example.com', 'not the password', '10.0.0.3');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe('Incorrect email or password.');
    expect(unknown.body.error).toEqual(wrong.body.error);
  });

  it('refuses a session write without the CSRF token, and with a wrong one, changing nothing', async () => {
    const owner = await ownerOf(r);
    const before = (await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n;
    const missing = await owner.fetch('/v1/customers', { method: 'POST', json: { name: 'x' }, csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('permission_denied');
    const wrong = await owner.fetch('/v1/customers', { method: 'POST', json: { name: 'x' }, csrf: false, headers: { 'x-recur-csrf-token': 'forged' } });
    expect(wrong.status).toBe(403);
    expect((await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n).toBe(before);
  });

  it('lets a viewer read but refuses every write on the server', async () => {
    const viewer = await staffWithRole(r, 'viewer', 'viewer@example.com');
    expect((await viewer.fetch('/v1/customers')).status).toBe(200);
    const c = await r.stripe.customers.create({ name: 'Kept' });
    const refused = [
      await viewer.fetch('/v1/customers', { method: 'POST', json: { name: 'x' } }),
      await viewer.fetch(`/v1/customers/${c.id}`, { method: 'POST', json: { name: 'changed' } }),
      await viewer.fetch(`/v1/customers/${c.id}`, { method: 'DELETE' }),
      await viewer.fetch('/v1/recur/dashboard/staff', { method: 'POST', json: { email: 'x@example.com', role: 'admin' } }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('permission_denied');
    }
    const kept = (await r.stripe.customers.retrieve(c.id)) as any;
    expect(kept.name).toBe('Kept');
    expect(kept.deleted).toBeUndefined();
  });

  it('invites an admin who signs in through the link and can write', async () => {
    const owner = await ownerOf(r);
    const invite = await owner.fetch('/v1/recur/dashboard/staff', { method: 'POST', json: { email: 'admin@example.com', role: 'admin' } });
    expect(invite.status).toBe(200);
    expect(invite.body).toMatchObject({ email: 'admin@example.com', role: 'admin', status: 'invited' });
    const token = new URL(invite.body.invite_url).searchParams.get('token');
    const accepted = await r.fetch('/v1/recur/dashboard/accept_link', {
      method: 'POST',
      auth: false,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'admin password 123' }),
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.account).toMatchObject({ role: 'admin', status: 'active' });
    const again = await r.fetch('/v1/recur/dashboard/accept_link', {
      method: 'POST',
      auth: false,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'admin password 123' }),
    });
    expect(again.status).toBe(400);
    expect(again.body.error.param).toBe('token');
    const admin = await signInAs(r, 'admin@example.com', 'admin password 123');
    expect((await admin.fetch('/v1/customers', { method: 'POST', json: { name: 'by admin' } })).status).toBe(200);
    const staff = await owner.fetch('/v1/recur/dashboard/staff');
    expect(staff.body.data.map((a: any) => a.email)).toEqual(expect.arrayContaining([OWNER.email, 'admin@example.com']));
  });

  it('signs out: the cookie no longer opens anything', async () => {
    const owner = await ownerOf(r);
    const out = await owner.fetch('/v1/recur/dashboard/sign_out', { method: 'POST' });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await owner.fetch('/v1/customers')).status).toBe(401);
    expect((await owner.fetch('/v1/recur/dashboard/session')).status).toBe(401);
  });

  it('rate-limits failed sign-ins for an email, even with the right password afterwards', async () => {
    await ensureOwner(r.context(), OWNER);
    await signInWith('victim@example.com', 'x', '10.1.0.1');
    for (let i = 0; i < 5; i++) await signInWith(OWNER.email.toUpperCase(), `guess ${i}`, `10.2.0.${i}`);
    const blocked = await signInWith(OWNER.email, OWNER.password, '10.3.0.1');
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.type).toBe('rate_limit_error');
  });

  it('prints a one-time link when no credentials are configured, and the link works once', async () => {
    const fresh = await startRecur();
    try {
      const first = await ensureOwner(fresh.context(), {});
      expect(first.token).toBeTruthy();
      const res = await fresh.fetch('/v1/recur/dashboard/accept_link', {
        method: 'POST',
        auth: false,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: first.token, email: 'boss@example.com', password: 'short' }),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.param).toBe('password');
      const ok = await fresh.fetch('/v1/recur/dashboard/accept_link', {
        method: 'POST',
        auth: false,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: first.token, email: 'boss@example.com', password: 'a proper password' }),
      });
      expect(ok.status).toBe(200);
      expect(ok.body.account).toMatchObject({ email: 'boss@example.com', role: 'owner' });
      expect((await ensureOwner(fresh.context(), {})).token).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
