// Portal sessions: a secret URL for one customer that expires. The secret is the last path segment;
// every portal request presents it and sees only that customer's data.
import type Stripe from 'stripe';
import { createHash } from 'node:crypto';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { authenticationFailed, invalidRequest, RecurError } from '../../core/errors.ts';
import { randomSecret } from '../../core/ids.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { defaultPortalConfiguration, loadPortalConfiguration, type PortalConfiguration } from './portal-configurations.ts';

/** How long a portal link stays usable. */
export const PORTAL_SESSION_SECONDS = 3600;

const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

export async function createPortalSession(
  ctx: ServiceContext,
  input: { customer: string; return_url?: string; configuration?: string; locale?: string },
): Promise<Stripe.BillingPortal.Session> {
  const customer = await loadCustomer(ctx.db, input.customer, { param: 'customer' }).catch((e) => {
    throw e instanceof RecurError ? e.asInvalid() : e;
  });
  const configuration = input.configuration ? await loadPortalConfiguration(ctx.db, input.configuration, 'configuration') : await defaultPortalConfiguration(ctx);
  if (!configuration.active) throw invalidRequest(`The configuration ${configuration.id} is not active.`, 'configuration');
  const returnUrl = input.return_url ?? configuration.default_return_url;
  if (!returnUrl) throw invalidRequest('Provide a return_url, or set default_return_url on the configuration.', 'return_url');
  const secret = randomSecret(40);
  const now = ctx.clock.now();
  const session: Stripe.BillingPortal.Session = {
    id: ctx.ids.next('bps'),
    object: 'billing_portal.session',
    configuration: configuration.id,
    created: now,
    customer: customer.id,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: (input.locale ?? null) as Stripe.BillingPortal.Session['locale'],
    on_behalf_of: null,
    return_url: returnUrl,
    url: `${ctx.settings.publicUrl}/portal/${secret}`,
  };
  await ctx.db.query(
    'INSERT INTO billing_portal_sessions (id, created, customer_id, secret_hash, expires_at, data) VALUES ($1, $2, $3, $4, $5, $6)',
    [session.id, now, customer.id, hash(secret), now + PORTAL_SESSION_SECONDS, JSON.stringify({ ...session, url: `${ctx.settings.publicUrl}/portal/…` })],
  );
  return session;
}

export interface PortalAccess {
  customerId: string;
  configuration: PortalConfiguration;
  returnUrl: string | null;
}

/** The customer and configuration a portal secret opens, or the 401 for an unknown or expired link. */
export async function openPortal(db: Db, now: number, secret: string | undefined): Promise<PortalAccess> {
  if (!secret) throw authenticationFailed('This portal link is incomplete.');
  const rows = await db.query('SELECT customer_id, expires_at, data FROM billing_portal_sessions WHERE secret_hash = $1', [hash(secret)]);
  if (!rows[0] || Number(rows[0].expires_at) <= now) throw authenticationFailed('This portal link has expired. Go back to the site you came from and open the billing portal again.');
  const configuration = await loadPortalConfiguration(db, rows[0].data.configuration);
  return { customerId: rows[0].customer_id, configuration, returnUrl: rows[0].data.return_url };
}
