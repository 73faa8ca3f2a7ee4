// Proration charges left pending on the customer (proration_behavior create_prorations): each
// becomes an invoice item of the subscription, billed on its next invoice.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { createInvoiceItem } from '../invoice-items/create-invoice-item.ts';
import { saveInvoiceItem } from '../invoice-items/invoice-item-store.ts';
import { productIdOf } from '../prices/price-store.ts';
import { discountIdsOf } from './subscription-discounts.ts';
import type { ProrationCharge } from './subscription-lines.ts';

export async function pendProrations(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  sub: Stripe.Subscription,
  charges: ProrationCharge[],
): Promise<void> {
  for (const c of charges) {
    const item = await createInvoiceItem(ctx, {
      customer,
      amount: c.line.amount,
      quantity: c.line.quantity,
      currency: sub.currency,
      description: c.description,
      period: { start: c.line.periodStart, end: c.line.periodEnd },
      proration: true,
      subscription: sub.id,
      subscription_item: c.item.id,
      tax_rates: c.item.tax_rates ?? [],
      discountable: true,
      discounts: discountIdsOf(c.item.discounts as Array<string | { id: string }>),
    });
    // The amount is the prorated share, not the price times quantity; the item still names its price.
    await saveInvoiceItem(ctx.db, {
      ...item,
      pricing: {
        type: 'price_details',
        price_details: { price: c.item.price.id, product: productIdOf(c.item.price) },
        unit_amount_decimal: c.item.price.unit_amount_decimal,
      },
    });
  }
}
