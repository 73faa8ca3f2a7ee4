// POST /v1/invoices/create_preview: the invoice a customer would get next — for a proposed change
// to a subscription (the invoice the change makes now, or else the next renewal with its
// prorations), for a new subscription (its first invoice), or for pending items. It is computed
// by doing the real thing inside a savepoint and rolling it back: nothing persists, and the
// preview cannot drift from what billing would actually do.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { RecurError, invalidRequest, missingParam } from '../../core/errors.ts';
import { contextAt, contextForCustomer } from '../../store/customer-clock.ts';
import { createInvoice } from '../invoices/create-invoice.ts';
import { loadInvoice, loadLines, type Invoice } from '../invoices/invoice-store.ts';
import { createInvoiceItem } from '../invoice-items/create-invoice-item.ts';
import { loadPrice } from '../prices/price-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { createSubscription } from './create-subscription.ts';
import { applySubscriptionUpdate, type ProrationBehavior } from './update-subscription.ts';
import { renewSubscription } from './renew-subscription.ts';
import { currentPeriod, customerIdOf, loadSubscription } from './subscription-store.ts';
import { loadCustomerParam } from './customer-param.ts';
import { actionDueAt, nextActionAt } from './next-action.ts';
import type { ItemInput } from './subscription-item-input.ts';
import type { DiscountRequest } from './subscription-discounts.ts';

export interface PreviewInvoiceItem {
  amount?: number;
  currency?: string;
  description?: string;
  discountable?: boolean;
  metadata?: Record<string, string | null> | null;
  period?: { start: number; end: number };
  price?: string;
  quantity?: number;
  tax_rates?: string[] | null;
  unit_amount?: number;
  unit_amount_decimal?: string;
}

export interface PreviewInput {
  customer?: string;
  subscription?: string;
  currency?: string;
  discounts?: DiscountRequest[] | null;
  invoice_items?: PreviewInvoiceItem[];
  subscription_details?: {
    items?: ItemInput[];
    proration_behavior?: ProrationBehavior;
    proration_date?: number;
    billing_cycle_anchor?: 'now' | 'unchanged' | number;
    trial_end?: number | 'now';
    cancel_at?: number | null;
    cancel_at_period_end?: boolean;
    cancel_now?: boolean;
    default_tax_rates?: string[] | null;
    metadata?: Record<string, string | null> | null;
    start_date?: number;
  };
}

const SAVEPOINT = 'recur_invoice_preview';

export async function previewInvoice(ctx: ServiceContext, input: PreviewInput): Promise<Stripe.Invoice> {
  if (!ctx.db.inTransaction) return ctx.db.transaction((tx) => previewInvoice({ ...ctx, db: tx }, input));
  await ctx.db.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    return await computePreview(ctx, input);
  } finally {
    await ctx.db.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
  }
}

async function computePreview(outer: ServiceContext, input: PreviewInput): Promise<Stripe.Invoice> {
  const details = input.subscription_details ?? {};
  let customerId = input.customer;
  if (input.subscription !== undefined) {
    const sub = await loadSubscription(outer.db, input.subscription, { param: 'subscription' }).catch((e) => {
      throw e instanceof RecurError ? e.asInvalid() : e;
    });
    if (customerId !== undefined && customerId !== customerIdOf(sub))
      throw invalidRequest(`The subscription ${sub.id} does not belong to the customer ${customerId}.`, 'subscription');
    customerId = customerIdOf(sub);
  }
  if (customerId === undefined) throw missingParam('customer');
  const customer = await loadCustomerParam(outer, customerId, 'customer');
  const ctx = await contextForCustomer(outer, customer);

  if (input.subscription !== undefined) {
    const sub = await loadSubscription(ctx.db, input.subscription);
    await addPreviewItems(ctx, customer, input.invoice_items ?? [], sub);
    return present(ctx, await previewSubscriptionChange(ctx, sub, input));
  }
  if (details.items?.length) {
    const anchor = details.billing_cycle_anchor;
    const created = await createSubscription(ctx, {
      customer: customer.id,
      items: details.items,
      discounts: input.discounts ?? undefined,
      default_tax_rates: details.default_tax_rates,
      trial_end: details.trial_end,
      cancel_at: details.cancel_at ?? undefined,
      cancel_at_period_end: details.cancel_at_period_end,
      billing_cycle_anchor: typeof anchor === 'number' ? anchor : undefined,
      backdate_start_date: details.start_date,
      metadata: details.metadata ?? undefined,
      payment_behavior: 'default_incomplete',
    }).catch(renameParams);
    return present(ctx, await loadInvoice(ctx.db, created.latest_invoice as string));
  }
  if (!input.invoice_items?.length) throw missingParam('subscription_details[items]');
  await addPreviewItems(ctx, customer, input.invoice_items, null);
  const currency = input.currency ?? input.invoice_items.find((i) => i.currency)?.currency ?? customer.currency ?? 'usd';
  const now = ctx.clock.now();
  const invoice = await createInvoice(ctx, {
    customer,
    subscription: null,
    billing_reason: 'manual',
    billing_period_key: null,
    currency,
    collection_method: 'charge_automatically',
    days_until_due: null,
    default_payment_method: null,
    lines: [],
    pending_items: 'include',
    discounts: [],
    default_tax_rates: [],
    period_start: now,
    period_end: now,
    auto_advance: false,
    automatically_finalizes_at: null,
  });
  return present(ctx, invoice);
}

/** The invoice a proposed change makes now, or the next one the subscription will have with it. */
async function previewSubscriptionChange(ctx: ServiceContext, sub: Stripe.Subscription, input: PreviewInput): Promise<Invoice> {
  const d = input.subscription_details ?? {};
  const anchor = d.billing_cycle_anchor === 'now' ? 'now' : undefined;
  const result = await applySubscriptionUpdate(ctx, sub.id, {
    items: d.items,
    proration_behavior: d.proration_behavior,
    proration_date: d.proration_date,
    billing_cycle_anchor: anchor,
    trial_end: d.trial_end,
    cancel_at: d.cancel_at,
    cancel_at_period_end: d.cancel_at_period_end,
    default_tax_rates: d.default_tax_rates,
    discounts: input.discounts,
    metadata: d.metadata,
    payment_behavior: 'default_incomplete',
  }).catch(renameParams);
  if (result.invoice) return loadInvoice(ctx.db, result.invoice.id);
  const after = result.subscription;
  if (['canceled', 'incomplete_expired', 'paused'].includes(after.status))
    throw invalidRequest(`No upcoming invoices for subscription ${sub.id}: it is ${after.status}.`, 'subscription', 'invoice_upcoming_none');
  // The next boundary: renewal or trial end, unless it is cancelled first.
  const at = currentPeriod(after).end;
  const due = actionDueAt(after, at);
  const next = nextActionAt(after);
  if (due === 'cancel' || (after.cancel_at !== null && after.cancel_at <= at) || next === null)
    throw invalidRequest(`No upcoming invoices for subscription ${sub.id}: it ends before its next renewal.`, 'subscription', 'invoice_upcoming_none');
  const customer = await loadCustomerParam(ctx, customerIdOf(after), 'customer');
  const renewed = await renewSubscription(contextAt(ctx, at), after, { afterTrial: after.status === 'trialing' });
  return loadInvoice(ctx.db, renewed.latest_invoice as string);
}

async function addPreviewItems(ctx: ServiceContext, customer: Stripe.Customer, items: PreviewInvoiceItem[], sub: Stripe.Subscription | null) {
  const now = ctx.clock.now();
  for (const [i, it] of items.entries()) {
    const param = `invoice_items[${i}]`;
    const price = it.price !== undefined ? await loadPrice(ctx.db, it.price, `${param}[price]`) : undefined;
    const currency = price?.currency ?? it.currency ?? sub?.currency;
    if (!currency) throw missingParam(`${param}[currency]`);
    if (!price && it.amount === undefined && it.unit_amount === undefined && it.unit_amount_decimal === undefined)
      throw missingParam(`${param}[amount]`);
    await createInvoiceItem(ctx, {
      customer,
      ...(price ? { price } : it.amount !== undefined ? { amount: it.amount } : { unit_amount_decimal: it.unit_amount_decimal ?? String(it.unit_amount) }),
      quantity: it.quantity,
      currency,
      description: it.description ?? null,
      period: it.period ?? { start: now, end: now },
      subscription: sub?.id ?? null,
      tax_rates: await loadTaxRates(ctx.db, it.tax_rates ?? [], `${param}[tax_rates]`),
      discountable: it.discountable,
      metadata: Object.fromEntries(Object.entries(it.metadata ?? {}).filter(([, v]) => v !== null)) as Record<string, string>,
    });
  }
}

/** Errors of the simulated change name the preview's params (subscription_details[items][0][price]). */
function renameParams(e: any): never {
  const p = e?.body?.param;
  if (typeof p === 'string' && p !== 'customer' && p !== 'discounts' && !p.startsWith('discounts[')) {
    const cut = p.indexOf('[');
    e.body.param = cut < 0 ? `subscription_details[${p}]` : `subscription_details[${p.slice(0, cut)}]${p.slice(cut)}`;
  }
  throw e;
}

/** The previewed invoice as Stripe shows one: a draft with an upcoming_in_ id and all its lines. */
async function present(ctx: ServiceContext, invoice: Invoice): Promise<Stripe.Invoice> {
  const stored = await loadInvoice(ctx.db, invoice.id);
  const lines = (await loadLines(ctx.db, invoice.id)).map((l) => l.line);
  const id = `upcoming_${invoice.id}`;
  const { days_until_due: _private, ...shown } = stored as Invoice & { days_until_due?: unknown };
  return {
    ...shown,
    id,
    status: 'draft',
    number: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    auto_advance: false,
    automatically_finalizes_at: null,
    attempt_count: 0,
    attempted: false,
    amount_paid: 0,
    amount_remaining: stored.amount_due,
    effective_at: null,
    next_payment_attempt: null,
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    payments: { object: 'list', data: [], has_more: false, url: `/v1/invoice_payments?invoice=${id}` } as unknown as Stripe.ApiList<Stripe.InvoicePayment>,
    lines: {
      object: 'list',
      data: lines.map((l) => ({ ...l, invoice: id })),
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    } as unknown as Stripe.ApiList<Stripe.InvoiceLineItem>,
  };
}
