// /v1/recur/subscription_templates (Recur): define templates, list them, and subscribe a customer
// from one; /v1/recur/account_settings: the seller's details and the first-invoice review switch.
import { route } from '../route.ts';
import { bool, emptyable, int, list, listParams, metadata, oneOf, str, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { createTemplate, loadTemplate, updateTemplate } from '../../services/subscription-templates/subscription-templates.ts';
import { subscribeFromTemplate } from '../../services/subscription-templates/subscribe-from-template.ts';
import { loadAccountSettings, updateAccountSettings } from '../../services/account-settings/account-settings.ts';

const templateFields = {
  name: str({ max: 200 }).optional(),
  description: emptyable(str({ max: 500 })).optional(),
  items: list(z.strictObject({ price: str(), quantity: int({ min: 0, max: 1_000_000_000 }).optional() }), { max: 20 }).optional(),
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  trial_period_days: int({ min: 0, max: 730 }).optional(),
  coupon: emptyable(str()).optional(),
  default_tax_rates: emptyable(list(str(), { max: 5 })).optional(),
  metadata: metadata().optional(),
  active: bool().optional(),
};

const normalize = <T extends { description?: string | null; coupon?: string | null; default_tax_rates?: string[] | '' | null }>(p: T) => ({
  ...p,
  ...(p.description === '' ? { description: null } : {}),
  ...(p.coupon === '' ? { coupon: null } : {}),
  ...(p.default_tax_rates === '' || p.default_tax_rates === null ? { default_tax_rates: p.default_tax_rates === undefined ? undefined : [] } : {}),
});

const settingsAddress = z.strictObject({
  line1: str({ max: 200 }).optional(),
  line2: str({ max: 200 }).optional(),
  city: str({ max: 200 }).optional(),
  postal_code: str({ max: 40 }).optional(),
  state: str({ max: 200 }).optional(),
  country: str({ max: 2 }).optional(),
});

export const subscriptionTemplateRoutes = [
  route({
    method: 'POST',
    path: '/v1/recur/subscription_templates',
    summary: 'Create a subscription template (Recur)',
    params: z.strictObject(templateFields),
    handler: (ctx, p) => createTemplate(ctx, normalize(p) as any),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/subscription_templates/:id',
    summary: 'Retrieve a subscription template (Recur)',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadTemplate(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/recur/subscription_templates/:id',
    summary: 'Update or archive a subscription template (Recur)',
    params: z.strictObject(templateFields),
    handler: (ctx, p, path) => updateTemplate(ctx, path.id, normalize(p) as any),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/subscription_templates',
    summary: 'List subscription templates (Recur)',
    params: z.strictObject({ ...listParams, active: bool().optional() }),
    handler: (ctx, p) =>
      listEnvelope(ctx.db, 'subscription_templates', '/v1/recur/subscription_templates', p, p.active !== undefined ? [cond('active = ?', p.active)] : [], 'subscription template'),
  }),
  route({
    method: 'POST',
    path: '/v1/recur/subscription_templates/:id/subscribe',
    summary: 'Create a subscription for a customer from a template (Recur)',
    params: z.strictObject({ customer: str() }),
    transaction: false,
    handler: (ctx, p, path) => subscribeFromTemplate(ctx, path.id, p),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/account_settings',
    summary: "The account's settings (Recur)",
    params: z.strictObject({}),
    handler: (ctx) => loadAccountSettings(ctx.db),
  }),
  route({
    method: 'POST',
    path: '/v1/recur/account_settings',
    summary: "Update the account's settings (Recur)",
    params: z.strictObject({
      business_name: str({ max: 200 }).optional(),
      support_email: str({ max: 320 }).optional(),
      support_phone: str({ max: 40 }).optional(),
      tax_id: str({ max: 60 }).optional(),
      address: emptyable(settingsAddress).optional(),
      review_first_invoices: bool().optional(),
    }),
    handler: (ctx, p) => updateAccountSettings(ctx, p),
  }),
];
