// POST /v1/invoices/create_preview: the invoice a customer would get next — for a proposed change
// to a subscription (the invoice the change makes now, or else the next renewal with the change's
// prorations), for a new subscription (its first invoice), or for pending items. The same domain
// decisions billing runs decide it (update, create, renewal); references resolve without being
// stored, and the invoice is built in memory: a preview only reads.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { RecurError, invalidRequest, missingParam } from '../../core/errors.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { renewSubscription } from '../../domain/billing/renew-subscription.ts';
import type { InvoiceLineDraft } from '../../domain/invoices/invoice-draft.ts';
import { idsOf } from '../../domain/subscriptions/subscription-lines.ts';
import type { BillingModeRequest } from '../../domain/subscriptions/billing-mode.ts';
import { loadRenewalInputs } from '../billing/renewal-inputs.ts';
import { loadPrice } from '../prices/price-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { buildInvoiceItem } from '../invoice-items/create-invoice-item.ts';
import { discountsWithCoupons, pendingItemsOf, present, previewDraft } from '../invoices/preview-draft.ts';
import { decideCreate } from './create-subscription.ts';
import { decideCancel } from './cancel-subscription.ts';
import { decideUpdate, type ProrationBehavior } from './update-subscription.ts';
import { currentPeriod, customerIdOf, loadSubscription } from './subscription-store.ts';
import { loadCustomerParam } from './customer-param.ts';
import { actionDueAt, nextActionAt } from './next-action.ts';
import { pendingItemOf } from './pending-items.ts';
import { previewResolution, type DiscountRequest } from './subscription-discounts.ts';
import type { ItemInput } from './subscription-item-input.ts';
import { customerTaxIdsOf } from '../../store/tax-id-store.ts';

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
    billing_mode?: BillingModeRequest;
    trial_end?: number | 'now';
    cancel_at?: number | null;
    cancel_at_period_end?: boolean;
    cancel_now?: boolean;
    default_tax_rates?: string[] | null;
    metadata?: Record<string, string | null> | null;
    start_date?: number;
  };
}

export async function previewInvoice(outer: ServiceContext, input: PreviewInput): Promise<Stripe.Invoice> {
  const details = input.subscription_details ?? {};
  let customerId = input.customer;
  const existing =
    input.subscription === undefined
      ? null
      : await loadSubscription(outer.db, input.subscription, { param: 'subscription' }).catch((e) => {
          throw e instanceof RecurError ? e.asInvalid() : e;
        });
  if (existing) {
    if (customerId !== undefined && customerId !== customerIdOf(existing))
      throw invalidRequest(`The subscription ${existing.id} does not belong to the customer ${customerId}.`, 'subscription');
    customerId = customerIdOf(existing);
  }
  if (customerId === undefined) throw missingParam('customer');
  const customer = await loadCustomerParam(outer, customerId, 'customer');
  const ctx = await contextForCustomer(outer, customer);

  if (existing) return previewChange(ctx, customer, existing, input);
  if (details.items?.length) return previewNew(ctx, customer, input);
  if (!input.invoice_items?.length) throw missingParam('subscription_details[items]');
  const currency = input.currency ?? input.invoice_items.find((i) => i.currency)?.currency ?? customer.currency ?? 'usd';
  const now = ctx.clock.now();
  const items = [...(await pendingItemsOf(ctx, customer.id, currency, null)), ...(await previewItems(ctx, customer, input.invoice_items, null))];
  return previewDraft(ctx, {
    customer,
    customerTaxIds: await customerTaxIdsOf(ctx.db, customer.id),
    subscription: null,
    billing_reason: 'manual',
    currency,
    lines: [],
    pendingItems: items,
    discounts: new Map(),
    period: { start: now, end: now },
    invoice_period: { start: now, end: now },
  });
}

/** The first invoice of a proposed subscription. */
async function previewNew(ctx: ServiceContext, customer: Stripe.Customer, input: PreviewInput): Promise<Stripe.Invoice> {
  const d = input.subscription_details!;
  const res = previewResolution();
  const anchor = d.billing_cycle_anchor;
  const decision = await decideCreate(
    ctx,
    customer,
    {
      customer: customer.id,
      items: d.items,
      billing_mode: d.billing_mode,
      discounts: input.discounts ?? undefined,
      default_tax_rates: d.default_tax_rates,
      trial_end: d.trial_end,
      cancel_at: d.cancel_at ?? undefined,
      cancel_at_period_end: d.cancel_at_period_end,
      billing_cycle_anchor: typeof anchor === 'number' ? anchor : undefined,
      backdate_start_date: d.start_date,
      metadata: d.metadata ?? undefined,
      payment_behavior: 'default_incomplete',
    },
    res,
  ).catch(renameParams);
  // Flexible mode bills nothing at the start of a subscription of metered prices alone: the preview is empty.
  const now = ctx.clock.now();
  const empty = { billing_reason: 'subscription_create' as const, key: '', lines: [], pending_items: 'exclude' as const, period: { start: now, end: now }, invoice_period: { start: now, end: now } };
  return draftOf(ctx, customer, decision.subscription, decision.invoice ?? empty, [], res.built);
}

/** The invoice a change to a subscription makes now, or else its next renewal with the change in it. */
async function previewChange(ctx: ServiceContext, customer: Stripe.Customer, sub: Stripe.Subscription, input: PreviewInput): Promise<Stripe.Invoice> {
  const d = input.subscription_details ?? {};
  const res = previewResolution();
  if (d.cancel_now) {
    // The final invoice of cancelling now: usage to date, pending items and (prorated) credits.
    const cancel = await decideCancel(ctx, sub, { invoice_now: true, prorate: d.proration_behavior !== 'none' }, 'cancellation_requested');
    if (!cancel.invoice) throw invalidRequest(`No upcoming invoices for subscription ${sub.id}: cancelling it now invoices nothing.`, 'subscription', 'invoice_upcoming_none');
    const pending = [...(await pendingItemsOf(ctx, customer.id, sub.currency, sub.id)), ...(await previewItems(ctx, customer, input.invoice_items ?? [], sub))];
    return draftOf(ctx, customer, cancel.subscription, cancel.invoice, [...pending, ...cancel.pendingItems.map((l) => pendingItemOf(ctx, customer, sub, l))], undefined);
  }
  const decision = await decideUpdate(
    ctx,
    sub,
    customer,
    {
      items: d.items,
      proration_behavior: d.proration_behavior,
      proration_date: d.proration_date,
      billing_cycle_anchor: d.billing_cycle_anchor === 'now' ? 'now' : undefined,
      trial_end: d.trial_end,
      cancel_at: d.cancel_at,
      cancel_at_period_end: d.cancel_at_period_end,
      default_tax_rates: d.default_tax_rates,
      discounts: input.discounts,
      metadata: d.metadata,
      payment_behavior: 'default_incomplete',
    },
    res,
  ).catch(renameParams);
  const extra = await previewItems(ctx, customer, input.invoice_items ?? [], sub);
  const after = decision.subscription;
  if (decision.invoice) {
    const pending = [...(await pendingItemsOf(ctx, customer.id, sub.currency, sub.id)), ...extra];
    return draftOf(ctx, customer, after, decision.invoice, pending, res.built);
  }
  if (['canceled', 'incomplete_expired', 'paused'].includes(after.status))
    throw invalidRequest(`No upcoming invoices for subscription ${sub.id}: it is ${after.status}.`, 'subscription', 'invoice_upcoming_none');
  // The next boundary: renewal or trial end, unless it is cancelled first.
  const at = currentPeriod(after).end;
  if (actionDueAt(after, at) === 'cancel' || (after.cancel_at !== null && after.cancel_at <= at) || nextActionAt(after) === null)
    throw invalidRequest(`No upcoming invoices for subscription ${sub.id}: it ends before its next renewal.`, 'subscription', 'invoice_upcoming_none');
  const renewal = (await loadRenewalInputs(ctx.usage, ctx.db, [after])).get(after.id)!;
  const known = await discountsWithCoupons(ctx, allDiscountIds(after, []), res.built);
  const pending = decision.pendingItems.map((l) => pendingItemOf(ctx, customer, after, l));
  const renewed = renewSubscription(
    {
      ...renewal,
      discounts: idsOf(after.discounts as Array<string | { id: string }>).flatMap((id) => (known.has(id) ? [known.get(id)!] : [])),
      pendingItems: [...renewal.pendingItems, ...pending, ...extra],
      afterTrial: after.status === 'trialing',
    },
    at,
    { ids: ctx.ids, publicUrl: ctx.settings.publicUrl },
  );
  const shown = { ...renewed.invoice, id: `upcoming_${renewed.invoice.id}` };
  return present(shown, renewed.lines.map((l) => ({ ...l.line, invoice: shown.id })));
}

async function draftOf(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  sub: Stripe.Subscription,
  invoice: NonNullable<Awaited<ReturnType<typeof decideUpdate>>['invoice']>,
  pending: Stripe.InvoiceItem[],
  built: Stripe.Discount[] | undefined,
): Promise<Stripe.Invoice> {
  return previewDraft(ctx, {
    customer,
    customerTaxIds: await customerTaxIdsOf(ctx.db, customer.id),
    subscription: sub,
    billing_reason: invoice.billing_reason,
    currency: sub.currency,
    lines: invoice.lines,
    pendingItems: pending,
    discounts: await discountsWithCoupons(ctx, allDiscountIds(sub, invoice.lines), built),
    period: invoice.period,
    invoice_period: invoice.invoice_period,
  });
}

/** The discounts the subscription, its items and the lines name. */
function allDiscountIds(sub: Stripe.Subscription, lines: InvoiceLineDraft[]): string[] {
  const ids = [
    ...idsOf(sub.discounts as Array<string | { id: string }>),
    ...sub.items.data.flatMap((i) => idsOf(i.discounts as Array<string | { id: string }>)),
    ...lines.flatMap((l) => l.discounts ?? []),
  ];
  return [...new Set(ids)];
}

/** invoice_items of the request, as the pending items they would be (built, not stored). */
async function previewItems(ctx: ServiceContext, customer: Stripe.Customer, items: PreviewInvoiceItem[], sub: Stripe.Subscription | null): Promise<Stripe.InvoiceItem[]> {
  const now = ctx.clock.now();
  const out: Stripe.InvoiceItem[] = [];
  for (const [i, it] of items.entries()) {
    const param = `invoice_items[${i}]`;
    const price = it.price !== undefined ? await loadPrice(ctx.db, it.price, `${param}[price]`) : undefined;
    const currency = price?.currency ?? it.currency ?? sub?.currency;
    if (!currency) throw missingParam(`${param}[currency]`);
    if (!price && it.amount === undefined && it.unit_amount === undefined && it.unit_amount_decimal === undefined) throw missingParam(`${param}[amount]`);
    out.push(
      buildInvoiceItem(ctx, {
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
      }),
    );
  }
  return out;
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
