// Updates a subscription: items (prorated per proration_behavior: pending items, an invoice now,
// or nothing), a new cycle (billing_cycle_anchor=now or a new interval), trial_end, cancellation
// settings, pause_collection, discounts, payment and tax defaults, collection and metadata.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { addIntervals, type Interval } from '../../domain/periods.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import type { NewInvoiceLine } from '../invoices/create-invoice.ts';
import { createInvoiceItem } from '../invoice-items/create-invoice-item.ts';
import type { ItemInput } from './subscription-item-input.ts';
import { applyItemChanges } from './apply-item-changes.ts';
import { applyDiscountRequests, discountIdsOf, endDiscounts, loadDiscounts, type DiscountRequest } from './subscription-discounts.ts';
import { addInvoiceItemLines, type AddInvoiceItemInput } from './add-invoice-items.ts';
import { isMetered, licensedLine, meteredLine, productNames, prorationCharges, prorationInvoiceLine, usageFor } from './subscription-lines.ts';
import { pendProrations } from './proration-items.ts';
import { invoiceNow } from './invoice-now.ts';
import { currentPeriod, customerIdOf, loadSubscription, saveSubscription } from './subscription-store.ts';
import { withStatus, ENDED } from './subscription-status.ts';
import { changeKey } from '../../domain/invoices/invoice-keys.ts';
import type { MissingPaymentMethod, PaymentBehavior } from './create-subscription.ts';

export type ProrationBehavior = 'always_invoice' | 'create_prorations' | 'none';

export interface UpdateSubscriptionInput {
  add_invoice_items?: AddInvoiceItemInput[];
  billing_cycle_anchor?: 'now' | 'unchanged';
  cancel_at?: number | null;
  cancel_at_period_end?: boolean;
  cancellation_details?: { comment?: string | null; feedback?: string | null };
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  default_payment_method?: string | null;
  default_tax_rates?: string[] | null;
  description?: string | null;
  discounts?: DiscountRequest[] | null;
  items?: ItemInput[];
  metadata?: MetadataInput;
  off_session?: boolean;
  pause_collection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at?: number } | null;
  payment_behavior?: PaymentBehavior;
  proration_behavior?: ProrationBehavior;
  proration_date?: number;
  trial_end?: number | 'now';
  trial_from_plan?: boolean;
  trial_settings?: { end_behavior: { missing_payment_method: MissingPaymentMethod } };
}

export interface UpdateResult {
  before: Stripe.Subscription;
  subscription: Stripe.Subscription;
  /** The invoice created at once, if any. */
  invoice: Stripe.Invoice | null;
}

export async function updateSubscription(ctx: ServiceContext, id: string, input: UpdateSubscriptionInput): Promise<Stripe.Subscription> {
  return (await applySubscriptionUpdate(ctx, id, input)).subscription;
}

const ENDED_FIELDS = new Set(['metadata', 'cancellation_details', 'description']);

export async function applySubscriptionUpdate(outer: ServiceContext, id: string, input: UpdateSubscriptionInput): Promise<UpdateResult> {
  const before = await loadSubscription(outer.db, id, { forUpdate: true });
  if (ENDED.includes(before.status)) {
    const other = Object.keys(input).find((k) => !ENDED_FIELDS.has(k) && (input as any)[k] !== undefined);
    if (other) throw invalidRequest(`A ${before.status} subscription can only update its cancellation_details and metadata.`, other);
  }
  const customer = await loadCustomer(outer.db, customerIdOf(before));
  const ctx = await contextForCustomer(outer, customer);
  const now = ctx.clock.now();
  const behavior = input.proration_behavior ?? 'create_prorations';
  const paymentBehavior = input.payment_behavior ?? 'allow_incomplete';
  const prorationDate = input.proration_date ?? now;
  const period = currentPeriod(before);
  if (input.proration_date !== undefined && (prorationDate < period.start || prorationDate > period.end))
    throw invalidRequest('proration_date must be within the current billing period.', 'proration_date');
  const owner = { customer: customer.id, subscription: id, currency: before.currency, at: now };

  let sub: Stripe.Subscription = { ...before };
  const items = input.items ? await applyItemChanges(ctx, before, input.items, owner) : before.items.data;
  sub.items = { ...before.items, data: items };

  // Settings that do not bill.
  if (input.default_tax_rates !== undefined) sub.default_tax_rates = await loadTaxRates(ctx.db, input.default_tax_rates ?? [], 'default_tax_rates');
  if (input.default_payment_method !== undefined)
    sub.default_payment_method =
      input.default_payment_method === null
        ? null
        : (await resolvePaymentMethod(ctx, input.default_payment_method, customer.id, 'default_payment_method', { at: now })).id;
  if (input.collection_method !== undefined) sub.collection_method = input.collection_method;
  if (input.days_until_due !== undefined) sub.days_until_due = input.days_until_due;
  if (sub.collection_method === 'send_invoice' && sub.days_until_due === null) sub.days_until_due = 30;
  if (sub.collection_method === 'charge_automatically') {
    if (input.days_until_due !== undefined)
      throw invalidRequest('days_until_due can only be set when collection_method is send_invoice.', 'days_until_due');
    sub.days_until_due = null;
  }
  if (input.description !== undefined) sub.description = input.description;
  sub.metadata = mergeMetadata(before.metadata, input.metadata);
  if (input.cancellation_details !== undefined)
    sub.cancellation_details = {
      ...(before.cancellation_details ?? { comment: null, feedback: null, feedback_option: null, reason: null }),
      ...(input.cancellation_details.comment !== undefined ? { comment: input.cancellation_details.comment } : {}),
      ...(input.cancellation_details.feedback !== undefined ? { feedback: input.cancellation_details.feedback as any } : {}),
    };
  if (input.trial_settings) sub.trial_settings = {
      end_behavior: { billing_cycle_anchor: null, missing_payment_method: input.trial_settings.end_behavior.missing_payment_method },
    };
  if (input.pause_collection !== undefined) {
    if (input.pause_collection?.resumes_at !== undefined && input.pause_collection.resumes_at <= now)
      throw invalidRequest('pause_collection[resumes_at] must be in the future.', 'pause_collection[resumes_at]');
    sub.pause_collection = input.pause_collection ? { behavior: input.pause_collection.behavior, resumes_at: input.pause_collection.resumes_at ?? null } : null;
  }
  if (input.discounts !== undefined) {
    const existing = await loadDiscounts(ctx, discountIdsOf(before.discounts as Array<string | { id: string }>));
    const next = input.discounts === null ? [] : await applyDiscountRequests(ctx, input.discounts, existing, owner, 'discounts');
    await endDiscounts(ctx, existing.filter((d) => !next.some((n) => n.id === d.id)), now);
    sub.discounts = next.map((d) => d.id);
  }

  // Billing changes: a new trial end, a new cycle, or prorations of changed items.
  const cycle = items[0].price.recurring!;
  const intervalChanged =
    cycle.interval !== before.items.data[0].price.recurring!.interval || cycle.interval_count !== before.items.data[0].price.recurring!.interval_count;
  const endTrialNow = before.status === 'trialing' && (input.trial_end === 'now' || (typeof input.trial_end === 'number' && input.trial_end <= now));
  if (typeof input.trial_end === 'number' && input.trial_end <= now && before.status !== 'trialing')
    throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
  const names = await productNames(ctx, [...before.items.data, ...items].map((i) => i.price));
  const extraLines = input.add_invoice_items?.length ? await addInvoiceItemLines(ctx, input.add_invoice_items, sub, now) : [];
  let invoice: Stripe.Invoice | null = null;

  if (typeof input.trial_end === 'number' && input.trial_end > now) {
    // A (new) trial: the period runs to the trial's end, which becomes the anchor; nothing is billed.
    const trialEnd = input.trial_end;
    sub = {
      ...withStatus(sub, 'trialing'),
      trial_start: before.status === 'trialing' ? before.trial_start : now,
      trial_end: trialEnd,
      billing_cycle_anchor: trialEnd,
      items: { ...sub.items, data: items.map((i) => ({ ...i, current_period_end: trialEnd })) },
    };
    await pendAddInvoiceItems(ctx, customer, sub, extraLines);
  } else if (input.billing_cycle_anchor === 'now' || intervalChanged || endTrialNow) {
    // A new cycle from now: unused time is credited, the new period billed in full, at once.
    const billing = before.status !== 'trialing';
    const credits = behavior !== 'none' && billing ? prorationCharges(before.items.data, [], period, now, names) : [];
    const end = addIntervals(now, cycle.interval as Interval, cycle.interval_count, 1);
    const newItems = items.map((i) => ({ ...i, current_period_start: now, current_period_end: end }));
    const lines: NewInvoiceLine[] = [...credits.map(prorationInvoiceLine)];
    for (const item of newItems) {
      if (!isMetered(item)) lines.push(licensedLine(item, names, { start: now, end }));
      else if (billing) lines.push(meteredLine(item, names, { start: period.start, end: now }, await usageFor(ctx, item.id, { start: period.start, end: now })));
    }
    sub = { ...sub, billing_cycle_anchor: now, items: { ...sub.items, data: newItems } };
    if (endTrialNow) sub = { ...withStatus(sub, 'active'), trial_end: now };
    const made = await invoiceNow(ctx, sub, customer, {
      lines: [...lines, ...extraLines],
      period: { start: now, end },
      paymentBehavior,
      key: changeKey('anchor', now, before.latest_invoice),
    });
    ({ subscription: sub, invoice } = made);
  } else if (input.items && before.status !== 'trialing' && behavior !== 'none') {
    const charges = prorationCharges(before.items.data, items, period, prorationDate, names);
    if (behavior === 'always_invoice' && (charges.length || extraLines.length)) {
      await saveSubscription(ctx.db, sub);
      const made = await invoiceNow(ctx, sub, customer, {
        lines: [...charges.map(prorationInvoiceLine), ...extraLines],
        period: { start: prorationDate, end: period.end },
        paymentBehavior,
        key: changeKey('proration', now, before.latest_invoice),
      });
      ({ subscription: sub, invoice } = made);
    } else {
      await pendProrations(ctx, customer, sub, charges);
      await pendAddInvoiceItems(ctx, customer, sub, extraLines);
    }
  } else {
    await pendAddInvoiceItems(ctx, customer, sub, extraLines);
  }

  // Cancellation settings apply to the period as it now is.
  const end = currentPeriod(sub).end;
  if (input.cancel_at_period_end !== undefined) {
    sub.cancel_at_period_end = input.cancel_at_period_end;
    sub.cancel_at = input.cancel_at_period_end ? end : before.cancel_at_period_end ? null : sub.cancel_at;
  } else if (before.cancel_at_period_end && sub.cancel_at !== end) {
    sub.cancel_at = end;
  }
  if (input.cancel_at !== undefined) {
    if (input.cancel_at !== null && input.cancel_at <= now) throw invalidRequest('cancel_at must be in the future.', 'cancel_at');
    sub.cancel_at = input.cancel_at;
    sub.cancel_at_period_end = input.cancel_at !== null && input.cancel_at === end && !!input.cancel_at_period_end;
  }

  await saveSubscription(ctx.db, sub);
  const prev = previousAttributes(before as any, sub as any);
  if (Object.keys(prev).length) await recordEvent(ctx, 'customer.subscription.updated', sub, { previousAttributes: prev });
  return { before, subscription: sub, invoice };
}

/** add_invoice_items when no invoice is made now: pending items for the subscription's next invoice. */
async function pendAddInvoiceItems(ctx: ServiceContext, customer: Stripe.Customer, sub: Stripe.Subscription, lines: NewInvoiceLine[]): Promise<void> {
  for (const l of lines) {
    await createInvoiceItem(ctx, {
      customer,
      ...(l.price ? { price: l.price } : { amount: l.amount }),
      quantity: l.quantity ?? undefined,
      currency: sub.currency,
      description: l.description,
      period: l.period,
      subscription: sub.id,
      tax_rates: l.tax_rates,
      discountable: l.discountable,
      discounts: l.discounts,
      metadata: l.metadata,
    });
  }
}
