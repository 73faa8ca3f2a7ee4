// Decides a new subscription and its first invoice: the first period (a trial, a short period up
// to a billing_cycle_anchor, or every period since a backdated start), the status it starts in,
// and the lines of its first invoice. Pure: the request's prices, tax rates, discounts and payment
// method are resolved by the caller, which also builds the items (with their ids).
import type Stripe from 'stripe';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { mergeMetadata, type MetadataInput } from '../metadata.ts';
import { periodAt, type Interval } from '../periods.ts';
import { firstPeriod, type FirstPeriod } from '../subscription-billing.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { periodKey } from '../invoices/invoice-keys.ts';
import { anchorFromConfig, type AnchorConfig } from './billing-anchor.ts';
import { billingModeOf, isFlexible, type BillingModeRequest } from './billing-mode.ts';
import { isMetered, licensedLine, meteredLine, type ProductNames } from './subscription-lines.ts';
import type { SubscriptionDecision } from './subscription-decision.ts';

const DAY = 86_400;

export interface ResolvedSubscriptionCreate {
  id: string;
  customer: Stripe.Customer;
  /** The items, built from the request; their periods are decided here. */
  items: Stripe.SubscriptionItem[];
  add_invoice_items?: InvoiceLineDraft[];
  discounts?: string[];
  default_tax_rates?: Stripe.TaxRate[];
  default_payment_method?: string | null;
  backdate_start_date?: number;
  billing_cycle_anchor?: number;
  billing_cycle_anchor_config?: AnchorConfig;
  cancel_at?: number;
  cancel_at_period_end?: boolean;
  collection_method?: 'charge_automatically' | 'send_invoice';
  currency?: string;
  days_until_due?: number;
  description?: string;
  metadata?: MetadataInput;
  proration_behavior?: 'always_invoice' | 'create_prorations' | 'none';
  trial_end?: number | 'now';
  trial_from_plan?: boolean;
  trial_period_days?: number;
  trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'pause' | 'create_invoice' } };
  billing_mode?: BillingModeRequest;
}

export interface SubscriptionCreateData {
  request: ResolvedSubscriptionCreate;
  names: ProductNames;
  now: number;
}

export function decideSubscriptionCreate({ request: req, names, now }: SubscriptionCreateData): SubscriptionDecision {
  const recurring = req.items[0].price.recurring!;
  const cycle = { interval: recurring.interval as Interval, count: recurring.interval_count, currency: req.items[0].price.currency };
  if (req.currency !== undefined && req.currency !== cycle.currency)
    throw invalidRequest(`The currency ${req.currency} does not match the prices' currency ${cycle.currency}.`, 'currency');
  const collection = req.collection_method ?? 'charge_automatically';
  if (collection === 'send_invoice' && req.days_until_due === undefined) throw missingParam('days_until_due');
  if (collection === 'charge_automatically' && req.days_until_due !== undefined)
    throw invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');

  const start = req.backdate_start_date ?? now;
  if (start > now) throw invalidRequest('backdate_start_date must be in the past.', 'backdate_start_date');
  if (req.billing_cycle_anchor !== undefined && req.billing_cycle_anchor_config !== undefined)
    throw invalidRequest('You may only specify one of these parameters: billing_cycle_anchor, billing_cycle_anchor_config.', 'billing_cycle_anchor');
  if (req.billing_cycle_anchor !== undefined && req.billing_cycle_anchor < start)
    throw invalidRequest('billing_cycle_anchor cannot be before the subscription starts.', 'billing_cycle_anchor');
  const anchor =
    req.billing_cycle_anchor ?? (req.billing_cycle_anchor_config ? anchorFromConfig(req.billing_cycle_anchor_config, start, cycle.interval) : undefined);
  const trialEnd = trialEndOf(req, now);
  if (req.cancel_at !== undefined && req.cancel_at <= now) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
  if (req.cancel_at !== undefined && req.cancel_at_period_end)
    throw invalidRequest('You may only specify one of these parameters: cancel_at, cancel_at_period_end.', 'cancel_at');

  // Each item's first period on its own interval (they differ only with mixed intervals); the
  // subscription's is the one that ends first.
  const firsts = req.items.map((i) => {
    const r = i.price.recurring!;
    return firstOf(start, now, r.interval as Interval, r.interval_count, anchor, trialEnd);
  });
  const items = req.items.map((i, n) => ({ ...i, current_period_start: firsts[n].itemPeriod.start, current_period_end: firsts[n].itemPeriod.end }));
  const first = firsts.reduce((a, b) => (b.first.periodEnd < a.first.periodEnd ? b : a)).first;
  const config = req.billing_cycle_anchor_config;

  const subscription = {
    id: req.id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: first.anchor,
    billing_cycle_anchor_config: config
      ? { day_of_month: config.day_of_month, hour: config.hour ?? null, minute: config.minute ?? null, month: config.month ?? null, second: config.second ?? null }
      : null,
    billing_mode: billingModeOf(req.billing_mode, now),
    billing_schedules: [],
    billing_thresholds: null,
    cancel_at: req.cancel_at ?? (req.cancel_at_period_end ? first.periodEnd : null),
    cancel_at_period_end: req.cancel_at_period_end ?? false,
    // Scheduling a cancellation at creation is its request.
    canceled_at: req.cancel_at !== undefined || req.cancel_at_period_end ? now : null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: collection,
    created: now,
    currency: cycle.currency,
    customer: req.customer.id,
    customer_account: null,
    days_until_due: req.days_until_due ?? null,
    default_payment_method: req.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: req.default_tax_rates ?? [],
    description: req.description ?? null,
    discounts: req.discounts ?? [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, custom_fields: null, description: null, footer: null, issuer: { type: 'self' } },
    items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${req.id}` },
    latest_invoice: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, req.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: start,
    // A first invoice collected automatically leaves it incomplete until it is paid.
    status: first.trial ? 'trialing' : collection === 'send_invoice' ? 'active' : 'incomplete',
    test_clock: req.customer.test_clock ?? null,
    transfer_data: null,
    trial_end: first.trial ? first.periodEnd : null,
    trial_settings: {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: req.trial_settings?.end_behavior.missing_payment_method ?? 'create_invoice' },
    },
    trial_start: first.trial ? start : null,
  } as Stripe.Subscription;

  const prorate = req.proration_behavior !== 'none';
  const classic = !isFlexible(subscription);
  const lines = [...items.flatMap((item, n) => firstInvoiceLines([item], names, firsts[n].first, { prorate, zeroMetered: classic })), ...(req.add_invoice_items ?? [])];
  // Flexible mode makes no zero-amount lines for metered items, and no invoice when nothing is left
  // to bill: a subscription of metered prices alone starts active with no first invoice.
  if (!classic && !lines.length && items.every(isMetered)) {
    const active = { ...subscription, status: first.trial ? 'trialing' : 'active' } as Stripe.Subscription;
    return { before: null, subscription: active, invoice: null, pendingItems: [], events: [{ type: 'customer.subscription.created', object: active }] };
  }
  return {
    before: null,
    subscription,
    invoice: {
      billing_reason: 'subscription_create',
      key: periodKey(first.periodStart),
      lines,
      pending_items: 'exclude',
      period: { start: first.periodStart, end: first.periodEnd },
      invoice_period: { start: now, end: now },
    },
    pendingItems: [],
    events: [{ type: 'customer.subscription.created', object: subscription }],
  };
}

/** An item's first period; a start backdated past a whole period runs to the end of the current one. */
function firstOf(start: number, now: number, interval: Interval, count: number, anchor: number | undefined, trialEnd: number | null) {
  const planned = firstPeriod({ start, interval, intervalCount: count, billingCycleAnchor: anchor, trialEnd });
  const current = periodAt(planned.anchor, interval, count, now);
  const first = !planned.trial && planned.periodEnd <= now ? { ...planned, periodEnd: current.end } : planned;
  return { first, itemPeriod: { start: first === planned ? first.periodStart : current.start, end: first.periodEnd } };
}

function trialEndOf(req: ResolvedSubscriptionCreate, now: number): number | null {
  if (req.trial_end === 'now') return null;
  if (req.trial_end !== undefined) {
    if (req.trial_end <= now) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
    return req.trial_end;
  }
  if (req.trial_period_days !== undefined) return req.trial_period_days > 0 ? now + req.trial_period_days * DAY : null;
  if (req.trial_from_plan) {
    const days = Math.max(0, ...req.items.map((i) => i.price.recurring?.trial_period_days ?? 0));
    return days > 0 ? now + days * DAY : null;
  }
  return null;
}

/**
 * The first invoice's lines: each licensed item for its first period (a share of the full interval
 * when billing_cycle_anchor makes it short, zero during a trial, every period since a backdated
 * start); metered items bill later, in arrears. proration_behavior=none skips the partial period.
 * `zeroMetered` (classic billing mode) also gives each metered item a zero-amount line.
 */
export function firstInvoiceLines(
  items: Stripe.SubscriptionItem[],
  names: ProductNames,
  first: FirstPeriod,
  opts: { prorate: boolean; zeroMetered?: boolean },
): InvoiceLineDraft[] {
  const period = { start: first.periodStart, end: first.periodEnd };
  const licensed = items.filter((i) => !isMetered(i));
  const metered = opts.zeroMetered ? items.filter(isMetered) : [];
  if (first.trial) return [...licensed, ...metered].map((i) => licensedLine(i, names, period, { trial: true }));
  const lines: InvoiceLineDraft[] = metered.map((i) => meteredLine(i, names, period, 0));
  for (const item of licensed) {
    const r = item.price.recurring!;
    for (const p of periodsCovering(first.anchor, r.interval as Interval, r.interval_count, first.periodStart, first.periodEnd)) {
      const partial = p.billed.start !== p.full.start || p.billed.end !== p.full.end;
      if (partial && !opts.prorate) continue;
      lines.push(licensedLine(item, names, p.billed, { fullPeriod: p.full }));
    }
  }
  return lines;
}

/** The anchor-aligned periods that cover [from, to), each with the part of it billed. */
function periodsCovering(anchor: number, interval: Interval, count: number, from: number, to: number) {
  const out: Array<{ full: { start: number; end: number }; billed: { start: number; end: number } }> = [];
  let t = from;
  while (t < to) {
    const full = periodAt(anchor, interval, count, t);
    const billed = { start: t, end: Math.min(full.end, to) };
    out.push({ full, billed });
    t = billed.end;
  }
  return out;
}
