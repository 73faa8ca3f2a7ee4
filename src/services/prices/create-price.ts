// Creates a price for an existing active product, or for a product created inline from product_data.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, missingParam } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { createProduct, type CreateProductInput } from '../products/create-product.ts';
import { loadProduct } from '../products/product-store.ts';
import { buildPrice } from './build-price.ts';
import { claimLookupKey } from './price-lookup-key.ts';
import { paramIn, type PriceSpec } from './price-spec.ts';
import { insertPrice } from './price-store.ts';
import { checkPriceMeter } from './price-meter.ts';

export interface CreatePriceInput extends PriceSpec {
  product?: string;
  product_data?: Omit<CreateProductInput, 'default_price_data'>;
  transfer_lookup_key?: boolean;
}

export async function createPrice(ctx: ServiceContext, input: CreatePriceInput): Promise<Stripe.Price> {
  const { product: productId, product_data, transfer_lookup_key, ...spec } = input;
  if (productId !== undefined && product_data !== undefined)
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', 'product');
  if (productId === undefined && product_data === undefined) throw missingParam('product');
  if (transfer_lookup_key && spec.lookup_key === undefined)
    throw invalidRequest('transfer_lookup_key requires a lookup_key.', 'transfer_lookup_key');

  const now = ctx.clock.now();
  // Validate the price before creating anything, so a bad price with product_data writes nothing either way.
  const price = buildPrice(spec, { id: ctx.ids.next('price'), product: productId ?? '', created: now }, paramIn());
  await checkPriceMeter(ctx.db, price, 'recurring[meter]');

  let product: Stripe.Product;
  if (productId !== undefined) {
    // Locked so a concurrent delete of the product cannot miss this price.
    product = await loadProduct(ctx.db, productId, 'product', { forUpdate: true });
    if (!product.active) throw invalidRequest(`The product ${productId} is inactive; prices cannot be added to it.`, 'product');
  } else {
    product = await createProduct(ctx, product_data!, { param: 'product_data' });
  }
  price.product = product.id;
  if (price.lookup_key !== null) await claimLookupKey(ctx, price.lookup_key, { transfer: !!transfer_lookup_key, param: 'lookup_key' });
  await insertPrice(ctx.db, price);
  await recordEvent(ctx, 'price.created', price);
  return price;
}
