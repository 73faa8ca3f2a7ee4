// /v1/subscriptions and /v1/subscription_items: create, retrieve, update, cancel, list, search.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { bool, currency, decimalString, discount, discounts, emptyable, int, list, listParams, metadata, oneOf, rangeQuery, searchParams, str, timestamp, z } from '../params.ts';
import { cond, type Condition } from '../../store/objects.ts';
import { listEnvelope, rangeConditions } from '../../store/list.ts';
import { createdField, searchEnvelope } from '../search/compile.ts';
import { changeSubscriptionNow, createSubscriptionNow } from '../../services/subscriptions/pay-subscription-change.ts';
import { applySubscriptionUpdate, updateSubscription } from '../../services/subscriptions/update-subscription.ts';
import { checkPendingUpdateParams, holdUnpaidChange } from '../../services/subscriptions/pending-update.ts';
import { cancelSubscription } from '../../services/subscriptions/cancel-subscription.ts';
import { resumeSubscription } from '../../services/subscriptions/resume-subscription.ts';
import { migrateSubscription } from '../../services/subscriptions/migrate-subscription.ts';
import { loadItem, loadSubscription } from '../../services/subscriptions/subscription-store.ts';
import {
  createSubscriptionItem,
  deleteSubscriptionItem,
  listSubscriptionItems,
  retrieveSubscriptionItem,
  updateSubscriptionItem,
} from '../../services/subscription-items/subscription-items.ts';

const amount = () => int({ min: 0, max: 100_000_000_000 });
const interval = () => oneOf(['day', 'week', 'month', 'year']);
const taxBehavior = () => oneOf(['inclusive', 'exclusive', 'unspecified']);
const taxRates = () => emptyable(list(str(), { max: 10 }));
export const prorationBehavior = () => oneOf(['always_invoice', 'create_prorations', 'none']);

/** The subscription an item belongs to, for a change that error_if_incomplete may have to undo. */
const itemSubscription = (id: string) => async (tx: ServiceContext) => (await loadItem(tx.db, id)).subscriptionId;
export const paymentBehavior = () => oneOf(['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete']);

export const recurringPriceData = () =>
  z.strictObject({
    currency: currency(),
    product: str({ min: 1 }),
    recurring: z.strictObject({ interval: interval(), interval_count: int({ min: 1 }).optional() }),
    tax_behavior: taxBehavior().optional(),
    unit_amount: amount().optional(),
    unit_amount_decimal: decimalString({ min: 0 }).optional(),
  });

const itemFields = {
  price: str({ min: 1 }).optional(),
  price_data: recurringPriceData().optional(),
  quantity: int({ min: 0 }).optional(),
  tax_rates: taxRates().optional(),
  metadata: metadata().optional(),
  discounts: discounts().optional(),
  billing_thresholds: emptyable(z.strictObject({ usage_gte: int({ min: 1 }) })).optional(),
};

export const createItem = () => z.strictObject(itemFields);
export const updateItem = () =>
  z.strictObject({ ...itemFields, id: str().optional(), deleted: bool().optional(), clear_usage: bool().optional() });

const addInvoiceItem = z.strictObject({
  price: str({ min: 1 }).optional(),
  price_data: z
    .strictObject({
      currency: currency(),
      product: str({ min: 1 }),
      tax_behavior: taxBehavior().optional(),
      unit_amount: amount().optional(),
      unit_amount_decimal: decimalString({ min: 0 }).optional(),
    })
    .optional(),
  quantity: int({ min: 0 }).optional(),
  tax_rates: taxRates().optional(),
  discountable: bool().optional(),
  discounts: list(discount(), { max: 20 }).optional(),
  metadata: metadata().optional(),
});

const trialEnd = () => z.union([z.literal('now'), timestamp()], { error: 'trial_end must be a Unix timestamp or now.' });
const trialSettings = () =>
  z.strictObject({ end_behavior: z.strictObject({ missing_payment_method: oneOf(['cancel', 'create_invoice', 'pause']) }) });
const cancellationDetails = () =>
  z.strictObject({
    comment: emptyable(str({ max: 5000 })).optional(),
    feedback: emptyable(
      oneOf(['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused']),
    ).optional(),
  });

export const billingMode = () =>
  z.strictObject({
    type: oneOf(['classic', 'flexible']),
    flexible: z.strictObject({ proration_discounts: oneOf(['included', 'itemized']).optional() }).optional(),
  });

const createParams = z.strictObject({
  customer: str({ min: 1 }).optional(),
  billing_mode: billingMode().optional(),
  items: list(createItem(), { max: 20 }).optional(),
  add_invoice_items: list(addInvoiceItem, { max: 20 }).optional(),
  backdate_start_date: timestamp().optional(),
  billing_cycle_anchor: timestamp().optional(),
  billing_cycle_anchor_config: z
    .strictObject({
      day_of_month: int({ min: 1, max: 31 }),
      hour: int({ min: 0, max: 23 }).optional(),
      minute: int({ min: 0, max: 59 }).optional(),
      month: int({ min: 1, max: 12 }).optional(),
      second: int({ min: 0, max: 59 }).optional(),
    })
    .optional(),
  cancel_at: timestamp().optional(),
  cancel_at_period_end: bool().optional(),
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  currency: currency().optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  default_payment_method: str({ min: 1 }).optional(),
  default_tax_rates: taxRates().optional(),
  description: str({ max: 500 }).optional(),
  discounts: discounts().optional(),
  metadata: metadata().optional(),
  off_session: bool().optional(),
  payment_behavior: paymentBehavior().optional(),
  proration_behavior: prorationBehavior().optional(),
  trial_end: trialEnd().optional(),
  trial_from_plan: bool().optional(),
  trial_period_days: int({ min: 0, max: 730 }).optional(),
  trial_settings: trialSettings().optional(),
});

const updateParams = z.strictObject({
  add_invoice_items: list(addInvoiceItem, { max: 20 }).optional(),
  billing_cycle_anchor: z
    .union([z.literal('now'), z.literal('unchanged'), z.strictObject({ type: oneOf(['now', 'unchanged']) }).transform((v) => v.type)], {
      error: 'billing_cycle_anchor must be now or unchanged.',
    })
    .optional(),
  cancel_at: emptyable(timestamp()).optional(),
  cancel_at_period_end: bool().optional(),
  cancellation_details: cancellationDetails().optional(),
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  days_until_due: int({ min: 0, max: 730 }).optional(),
  default_payment_method: emptyable(str({ min: 1 })).optional(),
  default_tax_rates: taxRates().optional(),
  description: emptyable(str({ max: 500 })).optional(),
  discounts: discounts().optional(),
  items: list(updateItem(), { max: 20 }).optional(),
  metadata: metadata().optional(),
  off_session: bool().optional(),
  pause_collection: emptyable(
    z.strictObject({ behavior: oneOf(['keep_as_draft', 'mark_uncollectible', 'void']), resumes_at: timestamp().optional() }),
  ).optional(),
  payment_behavior: paymentBehavior().optional(),
  proration_behavior: prorationBehavior().optional(),
  proration_date: timestamp().optional(),
  trial_end: trialEnd().optional(),
  trial_from_plan: bool().optional(),
  trial_settings: trialSettings().optional(),
});

const cancelParams = z.strictObject({
  cancellation_details: cancellationDetails().optional(),
  invoice_now: bool().optional(),
  prorate: bool().optional(),
});

const STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;

const listQuery = z.strictObject({
  ...listParams,
  collection_method: oneOf(['charge_automatically', 'send_invoice']).optional(),
  current_period_end: rangeQuery().optional(),
  current_period_start: rangeQuery().optional(),
  customer: str().optional(),
  price: str().optional(),
  plan: str().optional(),
  status: oneOf(STATUSES).optional(),
  test_clock: str().optional(),
});

function statusConditions(status: (typeof STATUSES)[number] | undefined): Condition[] {
  if (status === 'all') return [];
  if (status === undefined) return [cond(`status <> 'canceled'`)];
  if (status === 'ended') return [cond(`status IN ('canceled', 'incomplete_expired')`)];
  return [cond('status = ?', status)];
}

const searchable = {
  status: { sql: '(status)', type: 'string' as const },
  ...createdField,
};

const itemProration = {
  proration_behavior: prorationBehavior().optional(),
  proration_date: timestamp().optional(),
  payment_behavior: paymentBehavior().optional(),
};

export const subscriptionRoutes = [
  route({
    method: 'POST',
    path: '/v1/subscriptions',
    summary: 'Create a subscription',
    params: createParams,
    // Paying commands commit their attempt before the gateway is called (see pay-subscription-change.ts).
    transaction: false,
    handler: (ctx, p) => createSubscriptionNow(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/subscriptions/search',
    summary: 'Search subscriptions',
    params: z.strictObject(searchParams),
    handler: (ctx, p) => searchEnvelope(ctx.db, 'subscriptions', '/v1/subscriptions/search', p, searchable),
  }),
  route({
    method: 'GET',
    path: '/v1/subscriptions/:id',
    summary: 'Retrieve a subscription',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadSubscription(ctx.db, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/subscriptions/:id',
    summary: 'Update a subscription',
    params: updateParams,
    transaction: false,
    handler: async function updateSubscriptionRoute(ctx, p, path) {
      if (p.payment_behavior === 'pending_if_incomplete') {
        checkPendingUpdateParams(p);
        const result = await changeSubscriptionNow(ctx, p.payment_behavior, (tx) =>
          applySubscriptionUpdate(tx, path.id, { ...p, proration_behavior: 'always_invoice' }),
        );
        await holdUnpaidChange(ctx, result);
      } else await changeSubscriptionNow(ctx, p.payment_behavior, (tx) => updateSubscription(tx, path.id, p), async () => path.id);
      return loadSubscription(ctx.db, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/subscriptions/:id/resume',
    summary: 'Resume a paused subscription',
    params: z.strictObject({
      // Recur resumes on a new cycle from now and resumes on the payment attempt; keeping the old
      // anchor, or staying paused until the payment succeeds, is not supported yet.
      billing_cycle_anchor: z.union([oneOf(['now']), z.strictObject({ type: oneOf(['now']) })]).optional(),
      payment_behavior: oneOf(['resume_on_payment_attempt']).optional(),
      proration_behavior: oneOf(['always_invoice', 'create_prorations', 'none']).optional(),
    }),
    transaction: false,
    handler: async function resumeSubscriptionRoute(ctx, p, path) {
      await changeSubscriptionNow(ctx, undefined, (tx) => resumeSubscription(tx, path.id, { proration_behavior: p.proration_behavior }));
      return loadSubscription(ctx.db, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/subscriptions/:id/migrate',
    summary: 'Migrate a subscription to flexible billing mode',
    params: z.strictObject({ billing_mode: billingMode() }),
    handler: (ctx, p, path) => migrateSubscription(ctx, path.id, p),
  }),
  route({
    method: 'DELETE',
    path: '/v1/subscriptions/:id',
    summary: 'Cancel a subscription',
    params: cancelParams,
    transaction: false,
    handler: async (ctx, p, path) => {
      await changeSubscriptionNow(ctx, undefined, (tx) => cancelSubscription(tx, path.id, p));
      return loadSubscription(ctx.db, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/subscriptions',
    summary: 'List subscriptions',
    params: listQuery,
    handler: (ctx, p) => {
      const price = p.price ?? p.plan;
      return listEnvelope(
        ctx.db,
        'subscriptions',
        '/v1/subscriptions',
        p,
        [
          ...statusConditions(p.status),
          ...(p.customer !== undefined ? [cond('customer_id = ?', p.customer)] : []),
          ...(p.collection_method !== undefined ? [cond('collection_method = ?', p.collection_method)] : []),
          ...(p.test_clock !== undefined ? [cond('test_clock = ?', p.test_clock)] : []),
          ...(price !== undefined
            ? [cond('EXISTS (SELECT 1 FROM subscription_items si WHERE si.subscription_id = subscriptions.id AND NOT si.deleted AND si.price_id = ?)', price)]
            : []),
          ...rangeConditions('current_period_end', p.current_period_end),
          ...rangeConditions('current_period_start', p.current_period_start),
        ],
        'subscription',
      );
    },
  }),
  route({
    method: 'POST',
    path: '/v1/subscription_items',
    summary: 'Create a subscription item',
    params: createItem().extend({ subscription: str({ min: 1 }), ...itemProration }),
    transaction: false,
    handler: (ctx, p) => changeSubscriptionNow(ctx, p.payment_behavior, (tx) => createSubscriptionItem(tx, p), async () => p.subscription),
  }),
  route({
    method: 'GET',
    path: '/v1/subscription_items/:id',
    summary: 'Retrieve a subscription item',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => retrieveSubscriptionItem(ctx, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/subscription_items/:id',
    summary: 'Update a subscription item',
    params: createItem().extend({ ...itemProration, off_session: bool().optional() }),
    transaction: false,
    handler: (ctx, p, path) => changeSubscriptionNow(ctx, p.payment_behavior, (tx) => updateSubscriptionItem(tx, path.id, p), itemSubscription(path.id)),
  }),
  route({
    method: 'DELETE',
    path: '/v1/subscription_items/:id',
    summary: 'Delete a subscription item',
    params: z.strictObject({ ...itemProration, clear_usage: bool().optional() }),
    transaction: false,
    handler: (ctx, p, path) => changeSubscriptionNow(ctx, p.payment_behavior, (tx) => deleteSubscriptionItem(tx, path.id, p), itemSubscription(path.id)),
  }),
  route({
    method: 'GET',
    path: '/v1/subscription_items',
    summary: 'List subscription items',
    params: z.strictObject({ ...listParams, subscription: str({ min: 1 }) }),
    handler: (ctx, p) => listSubscriptionItems(ctx, p),
  }),
];
