// POST /v1/invoiceitems: checks what the request names (customer, price, tax rates, invoice,
// subscription) and how the amount is given, then creates the item on the customer's clock.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam, resourceMissing } from '../../core/errors.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { loadPrice } from '../prices/price-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { resolveDiscounts, type DiscountInput } from '../coupons/resolve-discounts.ts';
import { createInvoiceItem } from './create-invoice-item.ts';

export interface InvoiceItemRequest {
  customer: string;
  amount?: number;
  currency?: string;
  description?: string | null;
  discountable?: boolean;
  discounts?: Array<DiscountInput & { discount?: string }> | null;
  invoice?: string;
  metadata?: MetadataInput;
  period?: { start: number; end: number };
  pricing?: { price?: string };
  quantity?: number;
  subscription?: string;
  tax_rates?: string[];
  unit_amount_decimal?: string;
}

export async function createInvoiceItemFromRequest(apiCtx: ServiceContext, p: InvoiceItemRequest): Promise<Stripe.InvoiceItem> {
  const customer = await loadCustomer(apiCtx.db, p.customer, { param: 'customer' });
  const ctx = await contextForCustomer(apiCtx, customer);
  const now = ctx.clock.now();
  const ways = [p.amount !== undefined, p.pricing?.price !== undefined, p.unit_amount_decimal !== undefined].filter(Boolean).length;
  if (ways === 0) throw missingParam('amount');
  if (ways > 1) throw invalidRequest('Pass only one of amount, pricing[price] and unit_amount_decimal.', 'amount');
  if (p.amount !== undefined && p.quantity !== undefined && p.quantity !== 1)
    throw invalidRequest('quantity cannot be used with amount (amount is the total); use unit_amount_decimal.', 'quantity');
  const price = p.pricing?.price ? await loadPrice(ctx.db, p.pricing.price, 'pricing[price]') : undefined;
  if (price && !price.active) throw invalidRequest(`The price ${price.id} is not active and cannot be used.`, 'pricing[price]');
  const currency = price?.currency ?? p.currency ?? customer.currency;
  if (!currency) throw missingParam('currency');
  if (price && p.currency !== undefined && p.currency !== price.currency)
    throw invalidRequest(`The price is in ${price.currency}, not ${p.currency}.`, 'currency');
  if (customer.currency && customer.balance !== 0 && currency !== customer.currency && !p.invoice)
    throw invalidRequest(`The customer's balance is in ${customer.currency}; invoice items must be in it too.`, 'currency');
  if (p.period && p.period.end < p.period.start) throw invalidRequest('period[end] must not be before period[start].', 'period[end]');
  let subscription: string | null = null;
  if (p.subscription) {
    const rows = await ctx.db.query('SELECT id FROM subscriptions WHERE id = $1 AND customer_id = $2', [p.subscription, customer.id]);
    if (!rows.length) throw resourceMissing('subscription', p.subscription, 'subscription');
    subscription = p.subscription;
  }
  const discounts = await itemDiscounts(ctx, customer.id, currency, p.discounts ?? []);
  return createInvoiceItem(ctx, {
    customer,
    amount: p.amount,
    price,
    quantity: p.quantity,
    unit_amount_decimal: p.unit_amount_decimal,
    currency,
    description: p.description ?? null,
    period: p.period ?? { start: now, end: now },
    subscription,
    invoice: p.invoice ?? null,
    tax_rates: await loadTaxRates(ctx.db, p.tax_rates ?? [], 'tax_rates'),
    discountable: p.discountable,
    discounts,
    metadata: mergeMetadata({}, p.metadata),
  });
}

/** Coupons and promotion codes on an item become discounts of the customer (di_) the item names. */
async function itemDiscounts(
  ctx: ServiceContext,
  customerId: string,
  currency: string,
  inputs: Array<DiscountInput & { discount?: string }>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, d] of inputs.entries()) {
    if (d.discount === undefined) continue;
    const rows = await ctx.db.query('SELECT id FROM discounts WHERE id = $1 AND customer_id = $2', [d.discount, customerId]);
    if (!rows.length) throw resourceMissing('discount', d.discount, `discounts[${i}][discount]`);
    ids.push(d.discount);
  }
  const resolved = await resolveDiscounts(ctx, inputs.filter((d) => d.discount === undefined), {
    param: 'discounts',
    customerId,
    at: ctx.clock.now(),
    currency,
  });
  for (const r of resolved) {
    const id = ctx.ids.next('di');
    const discount: Stripe.Discount = {
      id,
      object: 'discount',
      checkout_session: null,
      customer: customerId,
      customer_account: null,
      end: null,
      invoice: null,
      invoice_item: null,
      promotion_code: r.promotionCode?.id ?? null,
      source: { coupon: r.coupon.id, type: 'coupon' },
      start: ctx.clock.now(),
      subscription: null,
      subscription_item: null,
    };
    await ctx.db.query('INSERT INTO discounts (id, created, data) VALUES ($1, $2, $3)', [id, discount.start, JSON.stringify(discount)]);
    ids.push(id);
  }
  return ids;
}
