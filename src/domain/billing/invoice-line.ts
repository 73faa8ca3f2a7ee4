// Invoice line items (Stripe.InvoiceLineItem) from what is billed: a subscription item's period,
// or a pending invoice item pulled into the invoice. Pure: ids come from the injected generator.
import type Stripe from 'stripe';
import type { IdGenerator } from '../../core/ids.ts';
import type { CreditedItems, LineFields } from '../invoices/invoice-draft.ts';

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

/** A credit's reference as an invoice line shows it: line items only (a pending debit is named once it is invoiced). */
function lineCredited(c: CreditedItems | null | undefined): Stripe.InvoiceLineItem.Parent.SubscriptionItemDetails.ProrationDetails.CreditedItems | null {
  return c && c.type !== 'invoice_item' ? { invoice: c.invoice, invoice_line_items: c.invoice_line_items } : null;
}

/** A credit's reference as an invoice item shows it (Stripe's `credited_items` with its `type`). */
export function itemCredited(c: CreditedItems | null | undefined): Stripe.InvoiceItem.ProrationDetails.CreditedItems | null {
  if (!c) return null;
  if (c.type === 'invoice_item') return { type: 'invoice_item', invoice_item: c.invoice_item };
  return { type: 'invoice_line_items', invoice_line_item_details: { invoice: c.invoice, invoice_line_items: c.invoice_line_items } };
}

function parentOf(s: LineSpec): Stripe.InvoiceLineItem.Parent | null {
  const proration_details =
    s.proration_details === undefined ? (s.proration ? { credited_items: null } : null) : s.proration_details && { credited_items: lineCredited(s.proration_details.credited_items) };
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
    // Amounts decided when the line was made (flexible prorations); an invoice computes the rest.
    discount_amounts: s.discountable ? [] : (s.discount_amounts ?? []),
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
  const credited = item.proration_details?.credited_items;
  const lineItems = credited?.invoice_line_item_details;
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
      ? {
          credited_items:
            credited?.type === 'invoice_item' && credited.invoice_item
              ? { type: 'invoice_item', invoice_item: credited.invoice_item }
              : lineItems
                ? { invoice: lineItems.invoice, invoice_line_items: lineItems.invoice_line_items }
                : null,
        }
      : null,
    subscription: item.parent?.subscription_details?.subscription ?? null,
    subscription_item: item.parent?.subscription_details?.subscription_item ?? null,
    invoice_item: item.id,
    tax_rates: item.tax_rates ?? [],
    discountable: item.discountable,
    discounts: (item.discounts ?? []).map((d) => (typeof d === 'string' ? d : d.id)),
    discount_amounts: (item.proration_details?.discount_amounts ?? []).map((d) => ({ discount: typeof d.discount === 'string' ? d.discount : d.discount.id, amount: d.amount })),
    metadata: item.metadata ?? {},
  };
}

/**
 * A credit of a debit that was still pending when the credit was made names that debit's line once
 * both are on the same invoice (`lineOfItem`: the lines the invoice's pending items became).
 */
function withCreditedLine(s: LineSpec, invoiceId: string, lineOfItem: ReadonlyMap<string, string>): LineSpec {
  const c = s.proration_details?.credited_items;
  if (c?.type !== 'invoice_item' || !lineOfItem.has(c.invoice_item)) return s;
  return { ...s, proration_details: { credited_items: { invoice: invoiceId, invoice_line_items: [lineOfItem.get(c.invoice_item)!] } } };
}

/** The lines an invoice's pending items become, in order (a credit names its pending debit's line). */
export function pendingItemLines(ids: IdGenerator, invoice: { id: string; currency: string }, items: Stripe.InvoiceItem[]): StoredLine[] {
  const lineOfItem = new Map<string, string>();
  return items.map((item) => {
    const stored = buildLine(ids, invoice, withCreditedLine(lineSpecFromItem(item), invoice.id, lineOfItem));
    lineOfItem.set(item.id, stored.line.id);
    return stored;
  });
}
