// A new draft invoice as Stripe shows it, and the `lines` and `payments` envelopes it embeds.
// Pure: the id, the instant and the customer's fields are given.
import type Stripe from 'stripe';

/** How many lines (and payments) the invoice object embeds; the rest are read from their lists. */
export const EMBEDDED_LINES = 10;

export interface DraftInvoiceInput {
  id: string;
  created: number;
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billing_reason: Stripe.Invoice.BillingReason;
  currency: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  default_payment_method: string | null;
  discounts: string[];
  default_tax_rates: Stripe.TaxRate[];
  period_start: number;
  period_end: number;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  publicUrl: string;
  description?: string | null;
  metadata?: Record<string, string>;
  footer?: string | null;
  due_date?: number | null;
  /** The customer's tax ids now (a draft shows them as they were when it was made; finalizing takes them again). */
  customer_tax_ids?: Stripe.Invoice.CustomerTaxId[];
}

export function linesEnvelope(invoiceId: string, lines: Stripe.InvoiceLineItem[]): Stripe.ApiList<Stripe.InvoiceLineItem> {
  return {
    object: 'list',
    data: lines.slice(0, EMBEDDED_LINES),
    has_more: lines.length > EMBEDDED_LINES,
    url: `/v1/invoices/${invoiceId}/lines`,
    total_count: lines.length,
  } as Stripe.ApiList<Stripe.InvoiceLineItem>;
}

/** Newest payment first, as Stripe lists them. */
export function paymentsEnvelope(invoiceId: string, payments: Stripe.InvoicePayment[]): Stripe.ApiList<Stripe.InvoicePayment> {
  return {
    object: 'list',
    data: [...payments].reverse().slice(0, EMBEDDED_LINES),
    has_more: payments.length > EMBEDDED_LINES,
    url: `/v1/invoice_payments?invoice=${invoiceId}`,
    total_count: payments.length,
  } as Stripe.ApiList<Stripe.InvoicePayment>;
}

export function newDraftInvoice(input: DraftInvoiceInput): Stripe.Invoice {
  const { id, customer: c, subscription: sub } = input;
  return {
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
    created: input.created,
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
    customer_tax_ids: input.customer_tax_ids ?? [],
    default_payment_method: input.default_payment_method,
    default_source: null,
    default_tax_rates: input.default_tax_rates,
    description: input.description ?? null,
    discounts: input.discounts,
    due_date: input.due_date ?? null,
    effective_at: null,
    ending_balance: null,
    footer: input.footer !== undefined ? input.footer : (c.invoice_settings?.footer ?? null),
    from_invoice: null,
    hosted_invoice_url: `${input.publicUrl}/invoices/${id}`,
    invoice_pdf: `${input.publicUrl}/invoices/${id}/pdf`,
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
}
