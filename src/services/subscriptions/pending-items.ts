// Lines a decision leaves for the subscription's next invoice (prorations of create_prorations,
// add_invoice_items of a change that invoices nothing now): each becomes a pending invoice item —
// stored by pendLines, or only built for a preview by pendingItemOf.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { InvoiceLineDraft } from '../../domain/invoices/invoice-draft.ts';
import { productIdOf } from '../../domain/subscriptions/subscription-lines.ts';
import { itemCredited } from '../../domain/billing/invoice-line.ts';
import { buildInvoiceItem, createInvoiceItem, type CreateInvoiceItemInput } from '../invoice-items/create-invoice-item.ts';
import { saveInvoiceItem } from '../invoice-items/invoice-item-store.ts';

function itemInput(customer: Stripe.Customer, sub: Stripe.Subscription, l: InvoiceLineDraft): CreateInvoiceItemInput {
  return {
    customer,
    // A proration's amount is the prorated share, not the price times quantity.
    ...(l.price && !l.proration ? { price: l.price } : { amount: l.amount }),
    quantity: l.quantity ?? undefined,
    currency: sub.currency,
    description: l.description,
    period: l.period,
    proration: l.proration,
    subscription: sub.id,
    subscription_item: l.subscription_item ?? null,
    tax_rates: l.tax_rates,
    discountable: l.discountable,
    discounts: l.discounts,
    metadata: l.metadata,
  };
}

/** What the built item lacks: a proration still names its price, and a flexible-mode credit the debit it credits. */
function completed(item: Stripe.InvoiceItem, l: InvoiceLineDraft): Stripe.InvoiceItem | null {
  if (!l.proration || !l.price) return null;
  const credited = itemCredited(l.proration_details?.credited_items);
  return {
    ...item,
    pricing: {
      type: 'price_details',
      price_details: { price: l.price.id, product: productIdOf(l.price) },
      unit_amount_decimal: l.price.unit_amount_decimal,
    },
    // Flexible mode: what the proration credits, and the discounts it took when made.
    proration_details: { credited_items: credited, discount_amounts: l.discount_amounts ?? [] },
  };
}

export async function pendLines(ctx: ServiceContext, customer: Stripe.Customer, sub: Stripe.Subscription, lines: InvoiceLineDraft[]): Promise<void> {
  for (const l of lines) {
    const item = await createInvoiceItem(ctx, itemInput(customer, sub, l));
    const full = completed(item, l);
    if (full) await saveInvoiceItem(ctx.db, full);
  }
}

/** The pending item a line would become, built without storing it (for a preview). */
export function pendingItemOf(ctx: Pick<ServiceContext, 'ids' | 'clock'>, customer: Stripe.Customer, sub: Stripe.Subscription, l: InvoiceLineDraft): Stripe.InvoiceItem {
  const item = buildInvoiceItem(ctx, itemInput(customer, sub, l));
  return completed(item, l) ?? item;
}
