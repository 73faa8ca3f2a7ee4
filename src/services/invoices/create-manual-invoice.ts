// POST /v1/invoices: a one-off (manual) draft invoice for a customer, collecting the customer's
// pending invoice items when asked, on the customer's clock.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState, missingParam, resourceMissing } from '../../core/errors.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { createInvoice, PeriodAlreadyInvoiced } from './create-invoice.ts';
import { manualKey } from '../../domain/invoices/invoice-keys.ts';
import type { InvoiceDiscountInput } from './invoice-discounts.ts';

/** Stripe drafts with auto_advance finalize about an hour after creation. */
const AUTO_FINALIZE_DELAY = 3600;

export interface ManualInvoiceInput {
  customer: string;
  auto_advance?: boolean;
  automatically_finalizes_at?: number;
  collection_method?: 'charge_automatically' | 'send_invoice';
  currency?: string;
  days_until_due?: number;
  due_date?: number;
  description?: string | null;
  footer?: string | null;
  metadata?: Record<string, string | null> | null;
  default_payment_method?: string;
  default_tax_rates?: string[];
  discounts?: InvoiceDiscountInput[] | null;
  pending_invoice_items_behavior?: 'include' | 'exclude';
  subscription?: string;
}

export async function createManualInvoice(apiCtx: ServiceContext, input: ManualInvoiceInput): Promise<Stripe.Invoice> {
  const customer = await loadCustomer(apiCtx.db, input.customer, { param: 'customer' });
  const ctx = await contextForCustomer(apiCtx, customer);
  const now = ctx.clock.now();
  const collection_method = input.collection_method ?? 'charge_automatically';
  if (collection_method === 'charge_automatically') {
    if (input.days_until_due !== undefined)
      throw invalidRequest('days_until_due applies only to invoices with collection_method send_invoice.', 'days_until_due');
    if (input.due_date !== undefined) throw invalidRequest('due_date applies only to invoices with collection_method send_invoice.', 'due_date');
  } else {
    if (input.days_until_due === undefined && input.due_date === undefined) throw missingParam('days_until_due');
    if (input.days_until_due !== undefined && input.due_date !== undefined)
      throw invalidRequest('Pass either days_until_due or due_date, not both.', 'due_date');
    if (input.due_date !== undefined && input.due_date <= now) throw invalidRequest('due_date must be in the future.', 'due_date');
  }
  let subscription: Stripe.Subscription | null = null;
  if (input.subscription) {
    const rows = await ctx.db.query('SELECT data FROM subscriptions WHERE id = $1 AND customer_id = $2', [input.subscription, customer.id]);
    if (!rows.length) throw resourceMissing('subscription', input.subscription, 'subscription');
    subscription = rows[0].data as Stripe.Subscription;
  }
  const currency = input.currency ?? subscription?.currency ?? customer.currency ?? (await pendingCurrency(ctx, customer.id)) ?? 'usd';
  const default_payment_method = input.default_payment_method
    ? (await resolvePaymentMethod(ctx, input.default_payment_method, customer.id, 'default_payment_method', { at: now })).id
    : null;
  const auto_advance = input.auto_advance ?? false;
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.metadata ?? {})) if (v) metadata[k] = v;
  return createInvoice(ctx, {
    customer,
    subscription,
    billing_reason: 'manual',
    billing_period_key: manualKey(apiCtx.idempotencyKey),
    currency,
    collection_method,
    days_until_due: input.days_until_due ?? null,
    due_date: input.due_date ?? null,
    default_payment_method,
    lines: [],
    pending_items: input.pending_invoice_items_behavior ?? 'exclude',
    pending_items_subscription_only: subscription !== null,
    discounts: [],
    discount_inputs: input.discounts ?? [],
    default_tax_rates: await loadTaxRates(ctx.db, input.default_tax_rates ?? [], 'default_tax_rates'),
    period_start: now,
    period_end: now,
    auto_advance,
    automatically_finalizes_at: auto_advance ? (input.automatically_finalizes_at ?? now + AUTO_FINALIZE_DELAY) : null,
    description: input.description ?? null,
    footer: input.footer,
    metadata,
  }).catch((e) => {
    // The idempotency record is gone (expired) but the invoice it created is not: refuse, do not duplicate.
    if (e instanceof PeriodAlreadyInvoiced)
      throw invalidState(`An invoice was already created with the Idempotency-Key '${apiCtx.idempotencyKey}'.`, undefined, 'resource_already_exists');
    throw e;
  });
}

async function pendingCurrency(ctx: ServiceContext, customerId: string): Promise<string | null> {
  const rows = await ctx.db.query(
    `SELECT data->>'currency' AS currency FROM invoice_items WHERE customer_id = $1 AND invoice_id IS NULL AND NOT deleted ORDER BY seq LIMIT 1`,
    [customerId],
  );
  return rows[0]?.currency ?? null;
}
