// Recur's dashboard lookups (Stripe has no such endpoints): customers and subscriptions matching
// what staff type (id, name, email, phone, metadata), newest first, paged on the server.
import { route } from '../route.ts';
import { int, oneOf, str, z } from '../params.ts';
import { INVOICE_TABS, invoicesInTab, invoiceTabCounts } from '../../store/invoice-tabs.ts';
import { customerTimeline, lookupCustomers, lookupSubscriptions } from '../../store/dashboard-search.ts';

export const SUBSCRIPTION_FILTER_STATUSES = [
  'all_active',
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
] as const;

export const subscriptionFilterParams = {
  query: str({ max: 200 }).optional(),
  status: oneOf(SUBSCRIPTION_FILTER_STATUSES).optional(),
};

const paging = { limit: int({ min: 1, max: 100 }).optional(), starting_after: str().optional() };

export const recurLookupRoutes = [
  route({
    method: 'GET',
    path: '/v1/recur/customers/lookup',
    summary: 'Find customers by id, name, email, phone or metadata (Recur)',
    params: z.strictObject({ query: str({ max: 200 }).optional(), ...paging }),
    handler: async (ctx, p) => ({ object: 'list', url: '/v1/recur/customers/lookup', ...(await lookupCustomers(ctx.db, { ...p, limit: p.limit ?? 20 })) }),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/subscriptions/lookup',
    summary: 'Find subscriptions by status and text, with their customers (Recur)',
    params: z.strictObject({ ...subscriptionFilterParams, ...paging }),
    handler: async (ctx, p) => ({
      object: 'list',
      url: '/v1/recur/subscriptions/lookup',
      ...(await lookupSubscriptions(ctx.db, { ...p, limit: p.limit ?? 25 })),
    }),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/customers/:id/timeline',
    summary: "A customer's events, newest first, optionally only those naming one object (Recur)",
    params: z.strictObject({ related: str({ max: 255 }).optional(), limit: int({ min: 1, max: 100 }).optional() }),
    handler: async (ctx, p, path) => ({
      object: 'list',
      url: `/v1/recur/customers/${path.id}/timeline`,
      has_more: false,
      data: await customerTimeline(ctx.db, path.id, { related: p.related, limit: p.limit ?? 50 }),
    }),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/invoices/counts',
    summary: 'How many invoices each dashboard tab holds (Recur)',
    params: z.strictObject({}),
    handler: async (ctx) => ({ object: 'recur.invoice_counts', ...(await invoiceTabCounts(ctx.db, ctx.clock.now())) }),
  }),
  route({
    method: 'GET',
    path: '/v1/recur/invoices/lookup',
    summary: 'Invoices in a dashboard tab: draft, open, past_due, paid, void, uncollectible (Recur)',
    params: z.strictObject({ tab: oneOf(INVOICE_TABS), customer: str().optional(), ...paging }),
    handler: async (ctx, p) => ({
      object: 'list',
      url: '/v1/recur/invoices/lookup',
      ...(await invoicesInTab(ctx.db, ctx.clock.now(), { ...p, limit: p.limit ?? 25 })),
    }),
  }),
];
