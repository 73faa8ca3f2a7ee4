// add_invoice_items: one-time prices billed once, on the subscription's next invoice (the first
// invoice at creation, or the invoice an update creates).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { lineAmount } from '../../domain/pricing/index.ts';
import type { InvoiceLineDraft } from '../../domain/invoices/invoice-draft.ts';
import { buildPrice } from '../prices/build-price.ts';
import { paramIn } from '../prices/price-spec.ts';
import { insertPrice, loadPrice } from '../prices/price-store.ts';
import { loadProduct } from '../products/product-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { productNames, termsOf } from './subscription-lines.ts';
import { applyDiscountRequests, PERSIST, type DiscountRequest, type Resolution } from './subscription-discounts.ts';
import { customerIdOf } from './subscription-store.ts';

export interface AddInvoiceItemInput {
  price?: string;
  price_data?: { currency: string; product: string; tax_behavior?: 'inclusive' | 'exclusive' | 'unspecified'; unit_amount?: number; unit_amount_decimal?: string };
  quantity?: number;
  tax_rates?: string[] | null;
  discountable?: boolean;
  discounts?: DiscountRequest[];
  metadata?: Record<string, string | null> | null;
}

export async function addInvoiceItemLines(
  ctx: ServiceContext,
  inputs: AddInvoiceItemInput[],
  sub: { id: string; currency: string; customer: string | { id: string } },
  now: number,
  res: Resolution = PERSIST,
): Promise<InvoiceLineDraft[]> {
  const lines: InvoiceLineDraft[] = [];
  for (const [i, it] of inputs.entries()) {
    const param = `add_invoice_items[${i}]`;
    const price = await oneTimePrice(ctx, it, param, now, res);
    if (price.currency !== sub.currency)
      throw invalidRequest(`The price ${price.id} is in ${price.currency}, but the subscription bills in ${sub.currency}.`, `${param}[price]`);
    const quantity = it.quantity ?? 1;
    const names = await productNames(ctx, [price]);
    const { amount, unit_amount_decimal } = lineAmount(termsOf(price), quantity);
    const discounts = await applyDiscountRequests(
      ctx,
      it.discounts ?? [],
      [],
      { customer: customerIdOf(sub), subscription: sub.id, currency: sub.currency, at: now },
      `${param}[discounts]`,
      res,
    );
    lines.push({
      price,
      quantity,
      amount,
      unit_amount_decimal,
      period: { start: now, end: now },
      description: names.get(price.product as string) ?? null,
      proration: false,
      tax_rates: await loadTaxRates(ctx.db, it.tax_rates ?? [], `${param}[tax_rates]`),
      discountable: it.discountable ?? true,
      discounts: discounts.map((d) => d.id),
      metadata: Object.fromEntries(Object.entries(it.metadata ?? {}).filter(([, v]) => v !== null)) as Record<string, string>,
    });
  }
  return lines;
}

async function oneTimePrice(ctx: ServiceContext, it: AddInvoiceItemInput, param: string, now: number, res: Resolution): Promise<Stripe.Price> {
  if (it.price !== undefined && it.price_data !== undefined)
    throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${param}[price]`);
  if (it.price !== undefined) {
    const price = await loadPrice(ctx.db, it.price, `${param}[price]`);
    if (price.type !== 'one_time')
      throw invalidRequest(`The price ${price.id} is recurring; add_invoice_items only accepts one-time prices.`, `${param}[price]`);
    return price;
  }
  if (it.price_data === undefined) throw missingParam(`${param}[price]`);
  const name = paramIn(`${param}[price_data]`);
  const product = await loadProduct(ctx.db, it.price_data.product, name('product'));
  const price = buildPrice(
    {
      currency: it.price_data.currency,
      tax_behavior: it.price_data.tax_behavior,
      unit_amount: it.price_data.unit_amount,
      unit_amount_decimal: it.price_data.unit_amount_decimal,
    },
    { id: ctx.ids.next('price'), product: product.id, created: now },
    name,
  );
  const inline = { ...price, active: false };
  if (res.persist) await insertPrice(ctx.db, inline);
  return inline;
}
