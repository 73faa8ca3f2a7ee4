// What a billing decision asks to invoice: lines (an amount already decided for each) and, for an
// invoice made now, its reason, key and periods. Services turn these into stored invoices and
// invoice items; previews show them without storing anything.
import type Stripe from 'stripe';

/**
 * What a flexible-mode credit proration credits: line items already invoiced, or a debit still
 * pending as an invoice item (Stripe's `credited_items` of type `invoice_line_items` / `invoice_item`).
 */
export type CreditedItems =
  | { type?: 'invoice_line_items'; invoice: string; invoice_line_items: string[] }
  | { type: 'invoice_item'; invoice_item: string };

/** A discount's share of a line, in minor units (negative on a credit). */
export interface LineDiscountAmount {
  discount: string;
  amount: number;
}

/** What every line states, however its price is named. */
export interface LineFields {
  quantity: number | null;
  amount: number;
  unit_amount_decimal: string | null;
  period: { start: number; end: number };
  description: string | null;
  proration: boolean;
  proration_details?: { credited_items: CreditedItems | null } | null;
  subscription_item?: string | null;
  invoice_item?: string | null;
  tax_rates: Stripe.TaxRate[];
  discountable: boolean;
  discounts?: string[];
  /**
   * Discount amounts decided when the line was made (flexible-mode prorations with itemized
   * discounts); only on lines that are not discountable, which take nothing more at invoicing.
   */
  discount_amounts?: LineDiscountAmount[];
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
