// Updates what Stripe lets change on a price: active, metadata, nickname, lookup key, currency
// options, and tax behavior (only while it is still unspecified). Amounts never change.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { mergeCurrencyOptions } from './price-currency-options.ts';
import { claimLookupKey } from './price-lookup-key.ts';
import { paramIn, type CurrencyOptionInput, type TaxBehavior } from './price-spec.ts';
import { loadPrice, productIdOf, savePrice } from './price-store.ts';

export interface UpdatePriceInput {
  active?: boolean;
  /** null (sent as '') removes every other currency. */
  currency_options?: Record<string, CurrencyOptionInput> | null;
  lookup_key?: string | null;
  metadata?: MetadataInput;
  nickname?: string | null;
  tax_behavior?: TaxBehavior;
  transfer_lookup_key?: boolean;
}

export async function updatePrice(ctx: ServiceContext, id: string, input: UpdatePriceInput): Promise<Stripe.Price> {
  const before = await loadPrice(ctx.db, id, 'id', { forUpdate: true });
  if (input.transfer_lookup_key && !input.lookup_key)
    throw invalidRequest('transfer_lookup_key requires a lookup_key.', 'transfer_lookup_key');

  let after: Stripe.Price = {
    ...before,
    active: input.active ?? before.active,
    metadata: mergeMetadata(before.metadata, input.metadata),
    nickname: input.nickname === undefined ? before.nickname : input.nickname,
    lookup_key: input.lookup_key === undefined ? before.lookup_key : input.lookup_key,
  };

  if (input.active === false && before.active) {
    const rows = await ctx.db.query(`SELECT 1 FROM products WHERE id = $1 AND data->>'default_price' = $2`, [productIdOf(before), id]);
    if (rows.length)
      throw invalidRequest("This price is its product's default price and cannot be archived; set another default_price on the product first.", 'active');
  }

  if (input.tax_behavior !== undefined && input.tax_behavior !== before.tax_behavior) {
    if (before.tax_behavior === 'inclusive' || before.tax_behavior === 'exclusive')
      throw invalidRequest(`tax_behavior is ${before.tax_behavior} and cannot be changed once it is inclusive or exclusive.`, 'tax_behavior');
    after = { ...after, tax_behavior: input.tax_behavior, currency_options: inheritTaxBehavior(after, input.tax_behavior) };
  }

  const current = input.currency_options === null ? {} : (after.currency_options ?? {});
  after.currency_options = mergeCurrencyOptions(after, current, input.currency_options ?? undefined, paramIn());

  if (after.lookup_key !== null && after.lookup_key !== before.lookup_key)
    await claimLookupKey(ctx, after.lookup_key, { transfer: !!input.transfer_lookup_key, param: 'lookup_key', forPrice: id });

  await savePrice(ctx.db, after);
  const prev = previousAttributes(before as any, after as any);
  if (Object.keys(prev).length) await recordEvent(ctx, 'price.updated', after, { previousAttributes: prev });
  return after;
}

/** Currency options that never chose a tax behavior follow the price's. */
function inheritTaxBehavior(price: Stripe.Price, tax: TaxBehavior): Stripe.Price['currency_options'] {
  const out: NonNullable<Stripe.Price['currency_options']> = {};
  for (const [code, o] of Object.entries(price.currency_options ?? {}))
    out[code] = o.tax_behavior === 'unspecified' || o.tax_behavior === null ? { ...o, tax_behavior: tax } : o;
  return out;
}
