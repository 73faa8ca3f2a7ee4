// A decided invoice line (InvoiceLineDraft: an amount for a price, a period, a quantity) as the
// LineSpec the invoice line builder takes, for a subscription's invoice.
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { productIdOf } from '../subscriptions/subscription-lines.ts';
import type { LineSpec } from './invoice-line.ts';

export type NewInvoiceLine = InvoiceLineDraft;

export function lineSpecOf(l: InvoiceLineDraft, subscriptionId: string | null): LineSpec {
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
    discount_amounts: l.discount_amounts,
    metadata: l.metadata,
  };
}
