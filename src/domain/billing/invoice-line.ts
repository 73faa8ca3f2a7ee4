// Invoice line items (Stripe.InvoiceLineItem) from what is billed: a subscription item's period,
// or a pending invoice item pulled into the invoice. Pure: ids come from the injected generator.
import type Stripe from 'stripe';
import type { IdGenerator } from '../../core/ids.ts';
import type { LineFields } from '../invoices/invoice-draft.ts';

/** A line with the tax rates it carries itself (the line shows only the taxes computed from them). */
export interface StoredLine {
  line: Stripe.InvoiceLineItem;
  taxRates: Stripe.TaxRate[];
}

/** A line to build, its price named by id (the stored line shows the price and product ids). */
export interface LineSpec extends LineFields {
  priceId: string | null;
  productId: string | null;
  subscription: string | null;
}

/** On the wire a Stripe.Decimal is a decimal string (the SDK parses it into its Decimal class). */
const wire = (s: string): Stripe.Decimal => s as unknown as Stripe.Decimal;

function parentOf(s: LineSpec): Stripe.InvoiceLineItem.Parent | null {
  const proration_details = s.proration_details === undefined ? (s.proration ? { credited_items: null } : null) : s.proration_details;
  if (s.subscription_item)
    return {
      type: 'subscription_item_details',
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: s.invoice_item ?? null,
        proration: s.proration,
        proration_details,
        subscription: s.subscription,
        subscription_item: s.subscription_item,
      },
    };
  if (s.invoice_item)
    return {
      type: 'invoice_item_details',
      subscription_item_details: null,
      invoice_item_details: { invoice_item: s.invoice_item, proration: s.proration, proration_details, subscription: s.subscription },
    };
  return null;
}

export function buildLine(ids: IdGenerator, invoice: { id: string; currency: string }, s: LineSpec): StoredLine {
  const pricing: Stripe.InvoiceLineItem.Pricing | null =
    s.priceId || s.unit_amount_decimal !== null
      ? {
          type: 'price_details',
          ...(s.priceId ? { price_details: { price: s.priceId, product: s.productId ?? '' } } : {}),
          unit_amount_decimal: s.unit_amount_decimal === null ? null : wire(s.unit_amount_decimal),
        }
      : null;
  const line: Stripe.InvoiceLineItem = {
    id: ids.next('il'),
    object: 'line_item',
    amount: s.amount,
    currency: invoice.currency,
    description: s.description,
    discount_amounts: [],
    discountable: s.discountable,
    discounts: s.discounts ?? [],
    invoice: invoice.id,
    livemode: false,
    metadata: s.metadata ?? {},
    parent: parentOf(s),
    period: { start: s.period.start, end: s.period.end },
    pretax_credit_amounts: [],
    pricing,
    quantity: s.quantity,
    quantity_decimal: s.quantity === null ? null : wire(String(s.quantity)),
    subscription: s.subscription,
    subtotal: s.amount,
    taxes: [],
  };
  return { line, taxRates: s.tax_rates };
}

/** A pending invoice item as the line that bills it. */
export function lineSpecFromItem(item: Stripe.InvoiceItem): LineSpec {
  const details = item.pricing?.price_details;
  const credited = item.proration_details?.credited_items?.invoice_line_item_details;
  return {
    priceId: details ? (typeof details.price === 'string' ? details.price : details.price.id) : null,
    productId: details?.product ?? null,
    quantity: item.quantity,
    amount: item.amount,
    unit_amount_decimal: item.pricing?.unit_amount_decimal == null ? null : String(item.pricing.unit_amount_decimal),
    period: item.period,
    description: item.description,
    proration: item.proration,
    proration_details: item.proration
      ? { credited_items: credited ? { invoice: credited.invoice, invoice_line_items: credited.invoice_line_items } : null }
      : null,
    subscription: item.parent?.subscription_details?.subscription ?? null,
    subscription_item: item.parent?.subscription_details?.subscription_item ?? null,
    invoice_item: item.id,
    tax_rates: item.tax_rates ?? [],
    discountable: item.discountable,
    discounts: (item.discounts ?? []).map((d) => (typeof d === 'string' ? d : d.id)),
    metadata: item.metadata ?? {},
  };
}
