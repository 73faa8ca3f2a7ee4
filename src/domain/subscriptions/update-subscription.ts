// Decides an update of a subscription: settings that do not bill, then at most one billing change —
// a new trial, a new cycle from now (billing_cycle_anchor=now, a new interval, a trial ended now), or
// prorations of changed items per proration_behavior — then the cancellation settings for the
// period as it now is. Pure: the request's references (prices, tax rates, discounts, payment
// method) are resolved by the caller, which also loads product names and usage to date.
import type Stripe from 'stripe';
import { invalidRequest } from '../../core/errors.ts';
import { addIntervals, type Interval } from '../periods.ts';
import { mergeMetadata, type MetadataInput } from '../metadata.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { changeKey } from '../invoices/invoice-keys.ts';
import { currentPeriod } from './current-period.ts';
import { isMetered, licensedLine, meteredLine, prorationCharges, prorationInvoiceLine, type ProductNames } from './subscription-lines.ts';
import { updatedEvents, type SubscriptionDecision } from './subscription-decision.ts';
import { ENDED, withStatus } from './subscription-status.ts';
import { isFlexible, prorationDiscountsOf } from './billing-mode.ts';
import { withOwnPeriods } from './item-periods.ts';
import { flexibleCredits, type DebitLine } from './flexible-credits.ts';
import { discountedDebits, NO_DISCOUNTS, type ProrationDiscountTerms } from './proration-discounts.ts';

export type ProrationBehavior = 'always_invoice' | 'create_prorations' | 'none';

/** An update request with its references resolved (objects where the request named ids). */
export interface ResolvedSubscriptionUpdate {
  /** The items after the request's items[]; absent when it changes none. */
  items?: Stripe.SubscriptionItem[];
  /** Lines of add_invoice_items, billed on the invoice this change makes, else left pending. */
  add_invoice_items?: InvoiceLineDraft[];
  default_tax_rates?: Stripe.TaxRate[];
  default_payment_method?: string | null;
  /** Discount ids after the request. */
  discounts?: string[];
  billing_cycle_anchor?: 'now' | 'unchanged';
  cancel_at?: number | null;
  cancel_at_period_end?: boolean;
  cancellation_details?: { comment?: string | null; feedback?: string | null };
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  description?: string | null;
  metadata?: MetadataInput;
  pause_collection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at?: number } | null;
  proration_behavior?: ProrationBehavior;
  proration_date?: number;
  trial_end?: number | 'now';
  trial_settings?: { end_behavior: { missing_payment_method: 'cancel' | 'pause' | 'create_invoice' } };
}

export interface SubscriptionUpdateData {
  subscription: Stripe.Subscription;
  request: ResolvedSubscriptionUpdate;
  names: ProductNames;
  /** Usage of each metered item from the current period's start to now (billed when a new cycle starts). */
  usage: Map<string, number>;
  /** Flexible billing mode: the lines that debited the items for the current period, not yet credited. */
  debits?: DebitLine[];
  /** Flexible billing mode: the discounts in force now, which debit prorations take when made. */
  discounts?: ProrationDiscountTerms;
  now: number;
}

const ENDED_FIELDS = new Set(['metadata', 'cancellation_details', 'description']);

/** Refusals that need nothing loaded: checked before the caller resolves anything. */
export function checkSubscriptionUpdate(before: Stripe.Subscription, request: Record<string, unknown>, now: number): void {
  if (ENDED.includes(before.status)) {
    const other = Object.keys(request).find((k) => !ENDED_FIELDS.has(k) && request[k] !== undefined);
    if (other) throw invalidRequest(`A ${before.status} subscription can only update its cancellation_details and metadata.`, other);
  }
  const period = currentPeriod(before);
  const at = request.proration_date;
  if (typeof at === 'number' && (at < period.start || at > period.end))
    throw invalidRequest('proration_date must be within the current billing period.', 'proration_date');
  const collection = request.collection_method ?? before.collection_method;
  if (collection === 'charge_automatically' && request.days_until_due !== undefined)
    throw invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
  const pause = request.pause_collection as ResolvedSubscriptionUpdate['pause_collection'];
  if (pause?.resumes_at !== undefined && pause.resumes_at <= now)
    throw invalidRequest('pause_collection[resumes_at] must be in the future.', 'pause_collection[resumes_at]');
}

export function decideSubscriptionUpdate(data: SubscriptionUpdateData): SubscriptionDecision {
  const { subscription: before, request: req, names, usage, now } = data;
  checkSubscriptionUpdate(before, req as Record<string, unknown>, now);
  const behavior = req.proration_behavior ?? 'create_prorations';
  const prorationDate = req.proration_date ?? now;
  const period = currentPeriod(before);
  const flexible = isFlexible(before);
  // Flexible: an item moved to another interval takes that interval's cycle; the others keep theirs.
  const items = flexible && req.items && before.status !== 'trialing' ? withOwnPeriods(before, req.items, prorationDate) : (req.items ?? before.items.data);

  let sub = withSettings({ ...before, items: { ...before.items, data: items } }, req);
  const extra = req.add_invoice_items ?? [];
  const decision: SubscriptionDecision = { before, subscription: sub, invoice: null, pendingItems: [], events: [] };
  // Flexible mode credits what was debited and discounts debits as they are made; classic credits
  // the items' current prices and leaves discounts to the invoice.
  const mode = prorationDiscountsOf(before);
  // Without the debits loaded (a caller that knows none) the classic credits stand.
  const credited = (lines: InvoiceLineDraft[], at: number) => {
    if (!flexible) return lines;
    const credits = data.debits ? flexibleCredits(lines, data.debits, at, mode) : lines;
    return discountedDebits(credits, data.discounts ?? NO_DISCOUNTS, mode, before.currency);
  };

  // Billing changes: a new trial end, a new cycle, or prorations of changed items.
  const cycle = items[0].price.recurring!;
  const old = before.items.data[0].price.recurring!;
  // Classic: a new interval starts a new cycle for the whole subscription.
  const intervalChanged = !flexible && (cycle.interval !== old.interval || cycle.interval_count !== old.interval_count);
  const endTrialNow = before.status === 'trialing' && (req.trial_end === 'now' || (typeof req.trial_end === 'number' && req.trial_end <= now));
  if (typeof req.trial_end === 'number' && req.trial_end <= now && before.status !== 'trialing')
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');

  if (typeof req.trial_end === 'number' && req.trial_end > now) {
    // A (new) trial: the period runs to the trial's end, which becomes the anchor; nothing is billed.
    const trialEnd = req.trial_end;
    sub = {
      ...withStatus(sub, 'trialing'),
      trial_start: before.status === 'trialing' ? before.trial_start : now,
      trial_end: trialEnd,
      billing_cycle_anchor: trialEnd,
      items: { ...sub.items, data: items.map((i) => ({ ...i, current_period_end: trialEnd })) },
    };
    decision.pendingItems = extra;
  } else if (req.billing_cycle_anchor === 'now' || intervalChanged || endTrialNow) {
    // A new cycle from now: unused time is credited, the new period billed in full, at once.
    const billing = before.status !== 'trialing';
    const credits = behavior !== 'none' && billing ? prorationCharges(before.items.data, [], period, now, names) : [];
    // Each item starts a whole period of its own interval now.
    const endOf = (i: Stripe.SubscriptionItem) => addIntervals(now, i.price.recurring!.interval as Interval, i.price.recurring!.interval_count, 1);
    const newItems = items.map((i) => ({ ...i, current_period_start: now, current_period_end: endOf(i) }));
    const end = Math.min(...newItems.map((i) => i.current_period_end));
    // Usage is billed over each item's own period so far (not the subscription's, with mixed intervals).
    const usedSince = (i: Stripe.SubscriptionItem) => before.items.data.find((b) => b.id === i.id)?.current_period_start ?? period.start;
    const lines: InvoiceLineDraft[] = credited(credits.map(prorationInvoiceLine), now);
    for (const item of newItems) {
      if (!isMetered(item)) lines.push(licensedLine(item, names, { start: now, end: item.current_period_end }));
      else if (billing) lines.push(meteredLine(item, names, { start: usedSince(item), end: now }, usage.get(item.id) ?? 0));
    }
    sub = { ...sub, billing_cycle_anchor: now, items: { ...sub.items, data: newItems } };
    if (endTrialNow) sub = { ...withStatus(sub, 'active'), trial_end: now };
    decision.invoice = invoiceNow([...lines, ...extra], { start: now, end }, changeKey('anchor', now, before.latest_invoice), now);
  } else if (req.items && before.status !== 'trialing' && behavior !== 'none') {
    const charges = credited(prorationCharges(before.items.data, items, period, prorationDate, names).map(prorationInvoiceLine), prorationDate);
    if (behavior === 'always_invoice' && (charges.length || extra.length))
      decision.invoice = invoiceNow([...charges, ...extra], { start: prorationDate, end: period.end }, changeKey('proration', now, before.latest_invoice), now);
    else decision.pendingItems = [...charges, ...extra];
  } else {
    decision.pendingItems = extra;
  }

  sub = withCancellation(sub, before, req, now);
  return { ...decision, subscription: sub, events: updatedEvents(before, sub) };
}

function invoiceNow(lines: InvoiceLineDraft[], period: { start: number; end: number }, key: string, now: number): SubscriptionDecision['invoice'] {
  return {
    billing_reason: 'subscription_update',
    key,
    lines,
    pending_items: 'include',
    period,
    invoice_period: { start: now, end: now },
  };
}

/** The settings that do not bill: collection, payment and tax defaults, metadata, pause, discounts. */
function withSettings(before: Stripe.Subscription, req: ResolvedSubscriptionUpdate): Stripe.Subscription {
  const sub = { ...before };
  if (req.default_tax_rates !== undefined) sub.default_tax_rates = req.default_tax_rates;
  if (req.default_payment_method !== undefined) sub.default_payment_method = req.default_payment_method;
  if (req.collection_method !== undefined) sub.collection_method = req.collection_method;
  if (req.days_until_due !== undefined) sub.days_until_due = req.days_until_due;
  if (sub.collection_method === 'send_invoice' && sub.days_until_due === null) sub.days_until_due = 30;
  if (sub.collection_method === 'charge_automatically') sub.days_until_due = null;
  if (req.description !== undefined) sub.description = req.description;
  sub.metadata = mergeMetadata(before.metadata, req.metadata);
  if (req.cancellation_details !== undefined)
    sub.cancellation_details = {
      ...(before.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }),
      ...(req.cancellation_details.comment !== undefined ? { comment: req.cancellation_details.comment } : {}),
      ...(req.cancellation_details.feedback !== undefined
        ? { feedback: req.cancellation_details.feedback as Stripe.Subscription.CancellationDetails.Feedback | null }
        : {}),
    };
  if (req.trial_settings)
    sub.trial_settings = { end_behavior: { billing_cycle_anchor: null, missing_payment_method: req.trial_settings.end_behavior.missing_payment_method } };
  if (req.pause_collection !== undefined)
    sub.pause_collection = req.pause_collection ? { behavior: req.pause_collection.behavior, resumes_at: req.pause_collection.resumes_at ?? null } : null;
  if (req.discounts !== undefined) sub.discounts = req.discounts;
  return sub;
}

/** cancel_at and cancel_at_period_end, applied to the period as it is after the change. */
function withCancellation(sub: Stripe.Subscription, before: Stripe.Subscription, req: ResolvedSubscriptionUpdate, now: number): Stripe.Subscription {
  const out = { ...sub };
  const end = currentPeriod(out).end;
  if (req.cancel_at_period_end !== undefined) {
    out.cancel_at_period_end = req.cancel_at_period_end;
    out.cancel_at = req.cancel_at_period_end ? end : before.cancel_at_period_end ? null : out.cancel_at;
  } else if (before.cancel_at_period_end && out.cancel_at !== end) {
    out.cancel_at = end;
  }
  if (req.cancel_at !== undefined) {
    if (req.cancel_at !== null && req.cancel_at <= now) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
    out.cancel_at = req.cancel_at;
    out.cancel_at_period_end = req.cancel_at !== null && req.cancel_at === end && !!req.cancel_at_period_end;
  }
  // canceled_at is the time of the request that scheduled the cancellation (not when it happens).
  if (req.cancel_at !== undefined || req.cancel_at_period_end !== undefined) out.canceled_at = out.cancel_at === null ? null : now;
  return out;
}
