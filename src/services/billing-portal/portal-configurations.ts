// Billing portal configurations: what a customer may do in the portal. The default is the one Recur
// creates when a session names none; Stripe's shape throughout.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import { getObject, insertObject, updateObject } from '../../store/objects.ts';
import { loadPrice } from '../prices/price-store.ts';
import { RecurError } from '../../core/errors.ts';

export type PortalConfiguration = Stripe.BillingPortal.Configuration;

type Features = PortalConfiguration['features'];
type DeepPartial<T> = { [K in keyof T]?: T[K] extends Array<any> ? T[K] : T[K] extends object | null ? DeepPartial<NonNullable<T[K]>> : T[K] };

export interface ConfigurationInput {
  business_profile?: Partial<PortalConfiguration['business_profile']>;
  default_return_url?: string | null;
  features?: DeepPartial<Features>;
  metadata?: Record<string, string>;
  name?: string | null;
  active?: boolean;
  login_page?: { enabled: boolean };
}

const DEFAULT_FEATURES: Features = {
  customer_update: { allowed_updates: ['email', 'address', 'phone', 'name'], enabled: true },
  invoice_history: { enabled: true },
  payment_method_update: { enabled: true, payment_method_configuration: null },
  subscription_cancel: { cancellation_reason: { enabled: false, options: [] } as any, enabled: true, mode: 'at_period_end', proration_behavior: 'none' },
  subscription_pause: { enabled: false } as any,
  subscription_update: {
    billing_cycle_anchor: null,
    default_allowed_updates: [],
    enabled: false,
    products: [],
    proration_behavior: 'create_prorations',
    schedule_at_period_end: { conditions: [] },
    trial_update_behavior: 'end_trial',
  },
};

function merge<T>(base: T, change: unknown): T {
  if (change === undefined) return base;
  if (!change || typeof change !== 'object' || Array.isArray(change) || !base || typeof base !== 'object') return change as T;
  const out: any = { ...base };
  for (const [k, v] of Object.entries(change)) out[k] = merge((base as any)[k], v);
  return out;
}

async function checkProducts(db: Db, features: Features): Promise<void> {
  for (const [i, p] of (features.subscription_update.products ?? []).entries())
    for (const [j, price] of p.prices.entries())
      await loadPrice(db, price, `features[subscription_update][products][${i}][prices][${j}]`).catch((e) => {
        throw e instanceof RecurError ? e.asInvalid() : e;
      });
}

export async function createPortalConfiguration(ctx: ServiceContext, input: ConfigurationInput, opts: { isDefault?: boolean } = {}): Promise<PortalConfiguration> {
  const now = ctx.clock.now();
  const features = merge(DEFAULT_FEATURES, input.features);
  await checkProducts(ctx.db, features);
  const config: PortalConfiguration = {
    id: ctx.ids.next('bpc'),
    object: 'billing_portal.configuration',
    active: input.active ?? true,
    application: null,
    business_profile: { headline: null, privacy_policy_url: null, terms_of_service_url: null, ...input.business_profile },
    created: now,
    default_return_url: input.default_return_url ?? null,
    features,
    // As in Stripe, configurations made through the API are not the default; Recur makes the default.
    is_default: opts.isDefault ?? false,
    livemode: false,
    login_page: { enabled: false, url: null },
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    updated: now,
  };
  await insertObject(ctx.db, 'billing_portal_configurations', config);
  return config;
}

export async function loadPortalConfiguration(db: Db, id: string, param = 'id'): Promise<PortalConfiguration> {
  const c = await getObject<PortalConfiguration>(db, 'billing_portal_configurations', id);
  if (!c) throw resourceMissing('configuration', id, param);
  return c;
}

export async function updatePortalConfiguration(ctx: ServiceContext, id: string, input: ConfigurationInput): Promise<PortalConfiguration> {
  const current = await loadPortalConfiguration(ctx.db, id);
  const metadata = { ...(current.metadata ?? {}) };
  for (const [k, v] of Object.entries(input.metadata ?? {})) if (v === '') delete metadata[k];
  else metadata[k] = v;
  const features = merge(current.features, input.features);
  await checkProducts(ctx.db, features);
  const next: PortalConfiguration = {
    ...current,
    active: input.active ?? current.active,
    business_profile: { ...current.business_profile, ...input.business_profile },
    default_return_url: input.default_return_url !== undefined ? input.default_return_url : current.default_return_url,
    features,
    metadata,
    name: input.name !== undefined ? input.name : current.name,
    updated: ctx.clock.now(),
  };
  await updateObject(ctx.db, 'billing_portal_configurations', next);
  return next;
}

/** The configuration a session without one uses: the default, created with Recur's defaults if none exists. */
export async function defaultPortalConfiguration(ctx: ServiceContext): Promise<PortalConfiguration> {
  const rows = await ctx.db.query('SELECT data FROM billing_portal_configurations WHERE is_default');
  return rows[0] ? (rows[0].data as PortalConfiguration) : createPortalConfiguration(ctx, {}, { isDefault: true });
}
