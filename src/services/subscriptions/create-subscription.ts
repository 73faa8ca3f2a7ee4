// Creates a subscription and its first invoice (billing_reason subscription_create), finalized at
// once and paid when it can be: the subscription is trialing, active, or incomplete when the
// first payment fails (with error_if_incomplete a failed payment refuses the whole request).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest, missingParam } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { firstPeriod } from '../../domain/subscription-billing.ts';
import { periodAt } from '../../domain/periods.ts';
import { finalizeWithAttempt } from '../invoices/finalize-invoice.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { loadCustomerParam } from './customer-param.ts';
import { anchorFromConfig, type AnchorConfig } from './billing-anchor.ts';
import { checkItemsCompatible, cycleOf, resolveItemPrice, type ItemInput } from './subscription-item-input.ts';
import { buildItem } from './build-item.ts';
import { applyDiscountRequests, type DiscountRequest } from './subscription-discounts.ts';
import { firstInvoiceLines } from './first-invoice-lines.ts';
import { addInvoiceItemLines, type AddInvoiceItemInput } from './add-invoice-items.ts';
import { invoiceSubscription } from './subscription-invoice.ts';
import { insertSubscription, saveSubscription } from './subscription-store.ts';
import { creating } from './subscription-hooks.ts';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
export type MissingPaymentMethod = 'cancel' | 'pause' | 'create_invoice';

export interface CreateSubscriptionInput {
  customer?: string;
  items?: ItemInput[];
  add_invoice_items?: AddInvoiceItemInput[];
  backdate_start_date?: number;
  billing_cycle_anchor?: number;
  billing_cycle_anchor_config?: AnchorConfig;
  cancel_at?: number;
  cancel_at_period_end?: boolean;
  collection_method?: 'charge_automatically' | 'send_invoice';
  currency?: string;
  days_until_due?: number;
  default_payment_method?: string;
  default_tax_rates?: string[] | null;
  description?: string;
  discounts?: DiscountRequest[] | null;
  metadata?: MetadataInput;
  off_session?: boolean;
  payment_behavior?: PaymentBehavior;
  proration_behavior?: 'always_invoice' | 'create_prorations' | 'none';
  trial_end?: number | 'now';
  trial_from_plan?: boolean;
  trial_period_days?: number;
  trial_settings?: { end_behavior: { missing_payment_method: MissingPaymentMethod } };
}

const DAY = 86400;

export async function createSubscription(outer: ServiceContext, input: CreateSubscriptionInput): Promise<Stripe.Subscription> {
  if (input.customer === undefined) throw missingParam('customer');
  const found = await loadCustomerParam(outer, input.customer, 'customer');
  const ctx = await contextForCustomer(outer, found);
  const customer = found;
  const now = ctx.clock.now();
  if (!input.items?.length) throw missingParam('items');
  if (input.items.length > 20) throw invalidRequest('A subscription can have at most 20 items.', 'items');

  const resolved = [];
  for (const [i, it] of input.items.entries()) {
    const param = `items[${i}]`;
    if (it.id !== undefined || it.deleted !== undefined) throw invalidRequest('Items of a new subscription cannot name an id.', `${param}[id]`);
    const price = await resolveItemPrice(ctx, it, param);
    if (!price) throw missingParam(`${param}[price]`);
    resolved.push({ input: it, price, param, quantityGiven: it.quantity !== undefined });
  }
  checkItemsCompatible(resolved);
  const cycle = cycleOf(resolved[0].price);
  if (input.currency !== undefined && input.currency !== cycle.currency)
    throw invalidRequest(`The currency ${input.currency} does not match the prices' currency ${cycle.currency}.`, 'currency');

  const collection = input.collection_method ?? 'charge_automatically';
  if (collection === 'send_invoice' && input.days_until_due === undefined) throw missingParam('days_until_due');
  if (collection === 'charge_automatically' && input.days_until_due !== undefined)
    throw invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');

  const start = input.backdate_start_date ?? now;
  if (start > now) throw invalidRequest('backdate_start_date must be in the past.', 'backdate_start_date');
  if (input.billing_cycle_anchor !== undefined && input.billing_cycle_anchor_config !== undefined)
    throw invalidRequest('You may only specify one of these parameters: billing_cycle_anchor, billing_cycle_anchor_config.', 'billing_cycle_anchor');
  if (input.billing_cycle_anchor !== undefined && input.billing_cycle_anchor < start)
    throw invalidRequest('billing_cycle_anchor cannot be before the subscription starts.', 'billing_cycle_anchor');
  const anchorParam =
    input.billing_cycle_anchor ?? (input.billing_cycle_anchor_config ? anchorFromConfig(input.billing_cycle_anchor_config, start, cycle.interval) : undefined);

  const trialEnd = trialEndOf(input, resolved.map((r) => r.price), now);
  if (input.cancel_at !== undefined && input.cancel_at <= now) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
  if (input.cancel_at !== undefined && input.cancel_at_period_end)
    throw invalidRequest('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');

  const planned = firstPeriod({ start, interval: cycle.interval, intervalCount: cycle.intervalCount, billingCycleAnchor: anchorParam, trialEnd });
  // A start backdated past a whole period: the first invoice runs to the end of the current one.
  const current = periodAt(planned.anchor, cycle.interval, cycle.intervalCount, now);
  const first = !planned.trial && planned.periodEnd <= now ? { ...planned, periodEnd: current.end } : planned;
  const itemPeriod = { start: first === planned ? first.periodStart : current.start, end: first.periodEnd };
  const defaultTaxRates = await loadTaxRates(ctx.db, input.default_tax_rates ?? [], 'default_tax_rates');
  const pm = input.default_payment_method
    ? await resolvePaymentMethod(ctx, input.default_payment_method, customer.id, 'default_payment_method', { at: now })
    : null;

  const id = ctx.ids.next('sub');
  const owner = { customer: customer.id, subscription: id, currency: cycle.currency, at: now };
  const items: Stripe.SubscriptionItem[] = [];
  for (const r of resolved) {
    items.push(
      await buildItem(ctx, r.input, r.price, r.param, { subscription: id, owner, created: now, period: itemPeriod }),
    );
  }
  const discounts = await applyDiscountRequests(ctx, input.discounts ?? [], [], owner, 'discounts');
  const status = first.trial ? 'trialing' : collection === 'send_invoice' ? 'active' : 'incomplete';

  let sub: Stripe.Subscription = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: first.anchor,
    billing_cycle_anchor_config: input.billing_cycle_anchor_config
      ? {
          day_of_month: input.billing_cycle_anchor_config.day_of_month,
          hour: input.billing_cycle_anchor_config.hour ?? null,
          minute: input.billing_cycle_anchor_config.minute ?? null,
          month: input.billing_cycle_anchor_config.month ?? null,
          second: input.billing_cycle_anchor_config.second ?? null,
        }
      : null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: input.cancel_at ?? (input.cancel_at_period_end ? first.periodEnd : null),
    cancel_at_period_end: input.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: now,
    currency: cycle.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: input.days_until_due ?? null,
    default_payment_method: pm?.id ?? null,
    default_source: null,
    default_tax_rates: defaultTaxRates,
    description: input.description ?? null,
    discounts: discounts.map((d) => d.id),
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` } as Stripe.ApiList<Stripe.SubscriptionItem>,
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, input.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    status,
    test_clock: customer.test_clock ?? null,
    transfer_data: null,
    trial_end: first.trial ? first.periodEnd : null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice' },
    },
    trial_start: first.trial ? start : null,
  };

  await insertSubscription(ctx.db, sub);
  creating.add(id);
  try {
    const lines = [...(await firstInvoiceLines(ctx, items, first, { prorate: input.proration_behavior !== 'none' })), ...(await addInvoiceItemLines(ctx, input.add_invoice_items ?? [], sub, now))];
    const made = await invoiceSubscription(ctx, sub, customer, {
      billing_reason: 'subscription_create',
      billing_period_key: String(first.periodStart),
      lines,
      pending_items: 'exclude',
      period: { start: first.periodStart, end: first.periodEnd },
      invoice_period: { start: now, end: now },
    });
    sub = { ...made.subscription, latest_invoice: made.invoice.id };
    const behavior = input.payment_behavior ?? 'allow_incomplete';
    const attempt = await finalizeWithAttempt(ctx, made.invoice.id, { attemptPayment: behavior !== 'default_incomplete' });
    const invoice = attempt.invoice ?? (await loadInvoice(ctx.db, made.invoice.id));
    if (sub.status === 'incomplete' && invoice.status === 'paid') sub = { ...sub, status: 'active' };
    if (sub.status === 'incomplete' && behavior === 'error_if_incomplete') {
      const e = attempt.error;
      throw cardDeclined(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code, {
        ...(e?.charge ? { charge: e.charge } : {}),
      });
    }
  } finally {
    creating.delete(id);
  }
  await saveSubscription(ctx.db, sub);
  await recordEvent(ctx, 'customer.subscription.created', sub, { at: now });
  return sub;
}

function trialEndOf(input: CreateSubscriptionInput, prices: Stripe.Price[], now: number): number | null {
  if (input.trial_end === 'now') return null;
  if (input.trial_end !== undefined) {
    if (input.trial_end <= now) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    return input.trial_end;
  }
  if (input.trial_period_days !== undefined) return input.trial_period_days > 0 ? now + input.trial_period_days * DAY : null;
  if (input.trial_from_plan) {
    const days = Math.max(0, ...prices.map((p) => p.recurring?.trial_period_days ?? 0));
    return days > 0 ? now + days * DAY : null;
  }
  return null;
}
