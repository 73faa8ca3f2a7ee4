// What a billing decision asks to invoice: lines (an amount already decided for each) and, for an
// invoice made now, its reason, key and periods. Services turn these into stored invoices and
// invoice items; previews show them without storing anything.
import type Stripe from 'stripe';

/** What every line states, however its price is named. */
export interface LineFields {
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

export interface InvoiceLineDraft extends LineFields {
  price: Stripe.Price | null;
}

export interface SubscriptionInvoiceDraft {
  billing_reason: Stripe.Invoice.BillingReason;
  /** Names the invoice (invoice-keys.ts): a second attempt to create it hits the unique index. */
  key: string;
  lines: InvoiceLineDraft[];
  /** Whether the customer's pending items of the subscription join this invoice. */
  pending_items: 'include' | 'exclude';
  /** The period the invoice is for (its discounts are those in force at its start). */
  period: { start: number; end: number };
  /** invoice.period_start / period_end as Stripe reports them. */
  invoice_period: { start: number; end: number };
}
