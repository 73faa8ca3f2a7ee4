// Updates a product's fields; a new default_price must be an active price of this product.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { loadPrice, productIdOf } from '../prices/price-store.ts';
import { applyProductFields, type ProductFields } from './product-fields.ts';
import { loadProduct, saveProduct } from './product-store.ts';

export interface UpdateProductInput extends ProductFields {
  default_price?: string;
}

export async function updateProduct(ctx: ServiceContext, id: string, input: UpdateProductInput): Promise<Stripe.Product> {
  const before = await loadProduct(ctx.db, id, 'id', { forUpdate: true });
  const { default_price, ...fields } = input;
  let after = applyProductFields(before, fields, ctx.clock.now());
  if (default_price !== undefined && default_price !== before.default_price) {
    const price = await loadPrice(ctx.db, default_price, 'default_price');
    if (productIdOf(price) !== id)
      throw invalidRequest(`The price ${default_price} belongs to another product; a default price must be one of this product's prices.`, 'default_price');
    if (!price.active) throw invalidRequest(`The price ${default_price} is inactive and cannot be the default price.`, 'default_price');
    after = { ...after, default_price };
  }
  const prev = previousAttributes(before as any, after as any);
  delete prev.updated;
  if (!Object.keys(prev).length) return before;
  await saveProduct(ctx.db, after);
  await recordEvent(ctx, 'product.updated', after, { previousAttributes: { ...prev, updated: before.updated } });
  return after;
}
