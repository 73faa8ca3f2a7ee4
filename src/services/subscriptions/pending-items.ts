// Lines a decision leaves for the subscription's next invoice (prorations of create_prorations,
// add_invoice_items of a change that invoices nothing now): each becomes a pending invoice item.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { InvoiceLineDraft } from '../../domain/invoices/invoice-draft.ts';
import { productIdOf } from '../../domain/subscriptions/subscription-lines.ts';
import { createInvoiceItem } from '../invoice-items/create-invoice-item.ts';
import { saveInvoiceItem } from '../invoice-items/invoice-item-store.ts';

export async function pendLines(ctx: ServiceContext, customer: Stripe.Customer, sub: Stripe.Subscription, lines: InvoiceLineDraft[]): Promise<void> {
  for (const l of lines) {
    const item = await createInvoiceItem(ctx, {
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
    });
    // A proration still names its price, and a flexible-mode credit the debit it credits.
    const credited = l.proration_details?.credited_items ?? null;
    if (l.proration && l.price)
      await saveInvoiceItem(ctx.db, {
        ...item,
        pricing: {
          type: 'price_details',
          price_details: { price: l.price.id, product: productIdOf(l.price) },
          unit_amount_decimal: l.price.unit_amount_decimal,
        },
        ...(credited
          ? { proration_details: { credited_items: { type: 'invoice_line_items', invoice_line_item_details: credited }, discount_amounts: [] } }
          : {}),
      });
  }
}
