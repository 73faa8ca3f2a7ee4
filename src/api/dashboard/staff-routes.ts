// Recur's own dashboard endpoints for staff: sign in and out, the current session, one-time links,
// and managing staff. Everything else the dashboard does goes through /v1 with the session cookie.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../../core/context.ts';
import { authenticationFailed } from '../../core/errors.ts';
import { signIn } from '../../services/accounts/sign-in.ts';
import { SignInLimiter } from '../../services/accounts/sign-in-limiter.ts';
import { endSession, SESSION_SECONDS, type StaffSession } from '../../services/accounts/staff-sessions.ts';
import { acceptToken, inviteStaff, removeStaff } from '../../services/accounts/staff-tokens.ts';
import { listAccounts, publicAccount } from '../../services/accounts/staff-store.ts';
import { checkSessionWrite, SESSION_COOKIE, sessionOf } from '../http/caller.ts';

const BASE = '/v1/recur/dashboard';

export function staffRoutes(context: ServiceContext) {
  const limiter = new SignInLimiter();
  const secure = context.settings.publicUrl.startsWith('https:');
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
  const sessionAnswer = (session: StaffSession) => ({
    object: 'recur.dashboard_session',
    account: publicAccount(session.account),
    csrf_token: session.csrfToken,
    expires_at: session.expiresAt,
  });
  const body = (req: FastifyRequest) => (req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {});

  async function requireSession(req: FastifyRequest, write: boolean): Promise<StaffSession> {
    const found = await sessionOf(context.db, context.clock, req);
    if (!found) throw authenticationFailed('Sign in to the dashboard first.');
    if (write) checkSessionWrite(req, found.session);
    return found.session;
  }

  async function signInRoute(req: FastifyRequest, reply: FastifyReply) {
    const b = body(req);
    const { secret, session } = await signIn(context, limiter, { email: b.email, password: b.password, client: req.ip });
    reply.header('set-cookie', cookie(secret, SESSION_SECONDS));
    return sessionAnswer(session);
  }

  async function acceptLinkRoute(req: FastifyRequest, reply: FastifyReply) {
    const b = body(req);
    const { secret, session } = await acceptToken(context, { token: b.token, email: b.email, password: b.password });
    reply.header('set-cookie', cookie(secret, SESSION_SECONDS));
    return sessionAnswer(session);
  }

  async function signOutRoute(req: FastifyRequest, reply: FastifyReply) {
    const found = await sessionOf(context.db, context.clock, req);
    if (found) await endSession(context.db, found.secret);
    reply.header('set-cookie', cookie('', 0));
    return { object: 'recur.dashboard_session', signed_out: true };
  }

  async function currentSessionRoute(req: FastifyRequest) {
    return sessionAnswer(await requireSession(req, false));
  }

  async function listStaffRoute(req: FastifyRequest) {
    await requireSession(req, false);
    const accounts = await listAccounts(context.db);
    return { object: 'list', url: `${BASE}/staff`, has_more: false, data: accounts.filter((a) => !a.disabled).map(publicAccount) };
  }

  async function inviteStaffRoute(req: FastifyRequest) {
    const session = await requireSession(req, true);
    const b = body(req);
    const { account, token } = await inviteStaff(context, session.account, { email: b.email, role: b.role });
    return { ...publicAccount(account), invite_url: `${context.settings.publicUrl}/dashboard/accept?token=${token}` };
  }

  async function removeStaffRoute(req: FastifyRequest) {
    const session = await requireSession(req, true);
    return publicAccount(await removeStaff(context, session.account, (req.params as { id: string }).id));
  }

  return (app: FastifyInstance) => {
    app.post(`${BASE}/sign_in`, signInRoute);
    app.post(`${BASE}/accept_link`, acceptLinkRoute);
    app.post(`${BASE}/sign_out`, signOutRoute);
    app.get(`${BASE}/session`, currentSessionRoute);
    app.get(`${BASE}/staff`, listStaffRoute);
    app.post(`${BASE}/staff`, inviteStaffRoute);
    app.delete(`${BASE}/staff/:id`, removeStaffRoute);
  };
}
