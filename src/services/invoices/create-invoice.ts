// Creates a draft invoice: its lines, the customer's pending invoice items when asked, and totals.
// A subscription's period is invoiced once: the unique billing_period_key makes a second attempt
// fail with PeriodAlreadyInvoiced, leaving the transaction usable.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { insertInvoiceOnce, linesEnvelope, paymentsEnvelope, saveInvoice, type Invoice } from './invoice-store.ts';
import { addLine, lineSpecFromItem, type LineSpec } from './invoice-lines.ts';
import { recomputeInvoice } from './recompute-invoice.ts';
import { pendingInvoiceItems, saveInvoiceItem } from '../invoice-items/invoice-item-store.ts';
import { productIdOf } from '../prices/price-store.ts';
import { setInvoiceDiscounts, type InvoiceDiscountInput } from './invoice-discounts.ts';

export interface NewInvoiceLine {
  price: Stripe.Price | null;
  quantity: number | null;
  amount: number;
  unit_amount_decimal: string | null;
  period: { start: number; end: number };
  description: string | null;
  proration: boolean;
  proration_details?: { credited_items: { invoice: string; invoice_line_items: string[] } | null } | null;
  subscription_item?: string | null;
  invoice_item?: string | null;
  tax_rates: Stripe.TaxRate[];
  discountable: boolean;
  discounts?: string[];
  metadata?: Record<string, string>;
}

export interface NewInvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billing_reason: Stripe.Invoice.BillingReason;
  billing_period_key: string | null;
  currency: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due: number | null;
  default_payment_method: string | null;
  lines: NewInvoiceLine[];
  pending_items: 'include' | 'exclude';
  discounts: Stripe.Discount[];
  default_tax_rates: Stripe.TaxRate[];
  period_start: number;
  period_end: number;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  description?: string | null;
  metadata?: Record<string, string>;
  footer?: string | null;
  /** An explicit due date (send_invoice); otherwise it is set from days_until_due at finalization. */
  due_date?: number | null;
  /** With a subscription: take only that subscription's pending items (POST /v1/invoices with `subscription`). */
  pending_items_subscription_only?: boolean;
  /** Coupons or promotion codes to make into the invoice's own discounts (POST /v1/invoices `discounts`). */
  discount_inputs?: InvoiceDiscountInput[];
}

/** The invoice named by billing_period_key (a period, a change, a manual request) already exists. */
export class PeriodAlreadyInvoiced extends Error {
  constructor(
    /** The subscription, or the customer for an invoice without one. */
    readonly subscriptionId: string,
    readonly billingPeriodKey: string,
  ) {
    super(`${subscriptionId}: invoice ${billingPeriodKey} already exists`);
    this.name = 'PeriodAlreadyInvoiced';
  }
}

export const publicUrlOf = (ctx: Pick<ServiceContext, 'settings'>): string => ctx.settings.publicUrl;

export async function createInvoice(ctx: ServiceContext, input: NewInvoiceInput): Promise<Stripe.Invoice> {
  const now = ctx.clock.now();
  const id = ctx.ids.next('in');
  const c = input.customer;
  const sub = input.subscription;
  const publicUrl = publicUrlOf(ctx);
  let invoice: Invoice = {
    id,
    object: 'invoice',
    account_country: null,
    account_name: null,
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: input.auto_advance,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: input.automatically_finalizes_at,
    billing_reason: input.billing_reason,
    collection_method: input.collection_method,
    created: now,
    currency: input.currency,
    custom_fields: c.invoice_settings?.custom_fields ?? null,
    customer: c.id,
    customer_account: null,
    customer_address: c.address ?? null,
    customer_email: c.email,
    customer_name: c.name ?? null,
    customer_phone: c.phone ?? null,
    customer_shipping: c.shipping ?? null,
    customer_tax_exempt: c.tax_exempt ?? 'none',
    customer_tax_ids: [],
    default_payment_method: input.default_payment_method,
    default_source: null,
    default_tax_rates: input.default_tax_rates,
    description: input.description ?? null,
    discounts: input.discounts.map((d) => d.id),
    due_date: input.due_date ?? null,
    effective_at: null,
    ending_balance: null,
    footer: input.footer !== undefined ? input.footer : (c.invoice_settings?.footer ?? null),
    from_invoice: null,
    hosted_invoice_url: `${publicUrl}/invoices/${id}`,
    invoice_pdf: `${publicUrl}/invoices/${id}/pdf`,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: linesEnvelope(id, []),
    livemode: false,
    metadata: input.metadata ?? {},
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: sub
      ? {
          type: 'subscription_details',
          quote_details: null,
          subscription_details: { metadata: sub.metadata ?? {}, subscription: sub.id },
        }
      : null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    payments: paymentsEnvelope(id, []),
    period_end: input.period_end,
    period_start: input.period_start,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: typeof c.test_clock === 'string' ? c.test_clock : null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };

  const inserted = await insertInvoiceOnce(ctx.db, invoice, {
    billing_period_key: input.billing_period_key,
    next_action_at: null,
    days_until_due: input.days_until_due,
  });
  if (!inserted) {
    if (input.billing_period_key !== null) throw new PeriodAlreadyInvoiced(sub?.id ?? c.id, input.billing_period_key);
    throw new Error(`invoice ${id} could not be inserted`);
  }

  for (const l of input.lines) await addLine(ctx, invoice, lineSpecOf(l, sub?.id ?? null));
  if (input.pending_items === 'include') {
    const items = await pendingInvoiceItems(ctx.db, c.id, input.currency, sub?.id ?? null, input.pending_items_subscription_only);
    for (const item of items) {
      await saveInvoiceItem(ctx.db, { ...item, invoice: id });
      await addLine(ctx, invoice, lineSpecFromItem(item));
    }
  }

  if (input.discount_inputs?.length)
    invoice = await setInvoiceDiscounts(ctx, invoice, [...invoice.discounts.map((d) => ({ discount: d as string })), ...input.discount_inputs]);
  invoice = await recomputeInvoice(ctx.db, invoice);
  await saveInvoice(ctx.db, invoice);
  await recordEvent(ctx, 'invoice.created', invoice);
  return invoice;
}

function lineSpecOf(l: NewInvoiceLine, subscriptionId: string | null): LineSpec {
  return {
    priceId: l.price?.id ?? null,
    productId: l.price ? productIdOf(l.price) : null,
    quantity: l.quantity,
    amount: l.amount,
    unit_amount_decimal: l.unit_amount_decimal,
    period: l.period,
    description: l.description,
    proration: l.proration,
    proration_details: l.proration_details,
    subscription: subscriptionId,
    subscription_item: l.subscription_item ?? null,
    invoice_item: l.invoice_item ?? null,
    tax_rates: l.tax_rates,
    discountable: l.discountable,
    discounts: l.discounts,
    metadata: l.metadata,
  };
}
