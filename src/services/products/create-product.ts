// Creates a product, optionally with a custom id and a default price made in the same step.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { kindOf } from '../../store/object-registry.ts';
import { checkPriceMeter } from '../prices/price-meter.ts';
import { buildPrice } from '../prices/build-price.ts';
import { paramIn, type PriceSpec } from '../prices/price-spec.ts';
import { insertPrice } from '../prices/price-store.ts';
import { applyProductFields, type ProductFields } from './product-fields.ts';
import { insertProduct, productIdTaken, saveProduct } from './product-store.ts';

export type DefaultPriceData = Pick<
  PriceSpec,
  'currency' | 'currency_options' | 'custom_unit_amount' | 'metadata' | 'recurring' | 'tax_behavior' | 'unit_amount' | 'unit_amount_decimal'
>;

export interface CreateProductInput extends ProductFields {
  name: string;
  id?: string;
  type?: 'good' | 'service';
  default_price_data?: DefaultPriceData;
}

export async function createProduct(
  ctx: ServiceContext,
  input: CreateProductInput,
  opts: { param?: string } = {},
): Promise<Stripe.Product> {
  const param = paramIn(opts.param);
  const now = ctx.clock.now();
  if (input.id !== undefined && kindOf(input.id) && kindOf(input.id)!.table !== 'products')
    throw invalidRequest(`A product id cannot start with another object's prefix (${input.id}).`, param('id'));
  if (input.id !== undefined && (await productIdTaken(ctx.db, input.id)))
    throw invalidRequest(`Product already exists: ${input.id}.`, param('id'), 'resource_already_exists');
  const { default_price_data, id, type, ...fields } = input;
  const blank: Stripe.Product = {
    id: id ?? ctx.ids.next('prod'),
    object: 'product',
    active: true,
    created: now,
    default_price: null,
    description: null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: {},
    name: input.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: type ?? 'service',
    unit_label: null,
    updated: now,
    url: null,
  };
  let product = applyProductFields(blank, fields, now);
  const price = default_price_data
    ? buildPrice(default_price_data, { id: ctx.ids.next('price'), product: product.id, created: now }, paramIn(param('default_price_data')))
    : undefined;
  if (price) await checkPriceMeter(ctx.db, price, `${param('default_price_data')}[recurring][meter]`);
  await insertProduct(ctx.db, product);
  if (price) {
    await insertPrice(ctx.db, price);
    product = { ...product, default_price: price.id };
    await saveProduct(ctx.db, product);
  }
  await recordEvent(ctx, 'product.created', product);
  if (price) await recordEvent(ctx, 'price.created', price);
  return product;
}
