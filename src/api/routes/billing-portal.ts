// /v1/billing_portal/sessions and /v1/billing_portal/configurations, as Stripe has them.
import { route } from '../route.ts';
import { bool, emptyable, list, listParams, metadata, oneOf, str, z, int } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createPortalSession } from '../../services/billing-portal/portal-sessions.ts';
import {
  createPortalConfiguration,
  loadPortalConfiguration,
  updatePortalConfiguration,
  type ConfigurationInput,
} from '../../services/billing-portal/portal-configurations.ts';

const url = str({ max: 2000 }).regex(/^https?:\/\//, { error: 'Use an http(s) URL.' });

const features = z.strictObject({
  customer_update: z
    .strictObject({ enabled: bool().optional(), allowed_updates: emptyable(list(oneOf(['address', 'email', 'name', 'phone', 'shipping', 'tax_id']))).optional() })
    .optional(),
  invoice_history: z.strictObject({ enabled: bool() }).optional(),
  payment_method_update: z.strictObject({ enabled: bool(), payment_method_configuration: emptyable(str()).optional() }).optional(),
  subscription_cancel: z
    .strictObject({
      enabled: bool().optional(),
      mode: oneOf(['at_period_end', 'immediately']).optional(),
      proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']).optional(),
      cancellation_reason: z.strictObject({ enabled: bool(), options: emptyable(list(str())).optional() }).optional(),
    })
    .optional(),
  subscription_pause: z.strictObject({ enabled: bool().optional() }).optional(),
  subscription_update: z
    .strictObject({
      enabled: bool().optional(),
      default_allowed_updates: emptyable(list(oneOf(['price', 'promotion_code', 'quantity']))).optional(),
      products: emptyable(
        list(
          z.strictObject({
            product: str(),
            prices: list(str(), { max: 10 }),
            adjustable_quantity: z.strictObject({ enabled: bool(), maximum: int({ min: 1 }).optional(), minimum: int({ min: 0 }).optional() }).optional(),
          }),
          { max: 10 },
        ),
      ).optional(),
      proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']).optional(),
    })
    .optional(),
});

const configFields = {
  business_profile: z.strictObject({ headline: emptyable(str({ max: 60 })).optional(), privacy_policy_url: url.optional(), terms_of_service_url: url.optional() }).optional(),
  default_return_url: emptyable(url).optional(),
  metadata: metadata().optional(),
  name: emptyable(str({ max: 256 })).optional(),
  login_page: z.strictObject({ enabled: bool() }).optional(),
};

/** Stripe's empty string ("unset") as null, and empty lists as []. */
function configInput(p: Record<string, any>): ConfigurationInput {
  const clean = (v: any): any => (v === '' ? null : Array.isArray(v) || v === null || typeof v !== 'object' ? v : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)])));
  const out = clean(p);
  for (const list of [out.features?.customer_update, out.features?.subscription_update]) {
    if (list && 'allowed_updates' in list && list.allowed_updates === null) list.allowed_updates = [];
    if (list && 'default_allowed_updates' in list && list.default_allowed_updates === null) list.default_allowed_updates = [];
    if (list && 'products' in list && list.products === null) list.products = [];
  }
  return out;
}

export const billingPortalRoutes = [
  route({
    method: 'POST',
    path: '/v1/billing_portal/sessions',
    summary: 'Create a portal session',
    params: z.strictObject({ customer: str(), return_url: url.optional(), configuration: str().optional(), locale: str({ max: 10 }).optional(), on_behalf_of: str().optional() }),
    handler: (ctx, p) => createPortalSession(ctx, p),
  }),
  route({
    method: 'POST',
    path: '/v1/billing_portal/configurations',
    summary: 'Create a portal configuration',
    params: z.strictObject({ ...configFields, features }),
    handler: (ctx, p) => createPortalConfiguration(ctx, configInput(p)),
  }),
  route({
    method: 'GET',
    path: '/v1/billing_portal/configurations/:id',
    summary: 'Retrieve a portal configuration',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadPortalConfiguration(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/billing_portal/configurations/:id',
    summary: 'Update a portal configuration',
    params: z.strictObject({ ...configFields, features: features.optional(), active: bool().optional() }),
    handler: (ctx, p, path) => updatePortalConfiguration(ctx, path.id, configInput(p)),
  }),
  route({
    method: 'GET',
    path: '/v1/billing_portal/configurations',
    summary: 'List portal configurations',
    params: z.strictObject({ ...listParams, active: bool().optional(), is_default: bool().optional() }),
    handler: (ctx, p) =>
      listEnvelope(
        ctx.db,
        'billing_portal_configurations',
        '/v1/billing_portal/configurations',
        p,
        [...(p.active !== undefined ? [cond('active = ?', p.active)] : []), ...(p.is_default !== undefined ? [cond('is_default = ?', p.is_default)] : [])],
        'configuration',
      ),
  }),
];
