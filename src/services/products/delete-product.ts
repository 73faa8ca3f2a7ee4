// Deletes a product that has no prices (Stripe's rule: archive it instead once it has any).
// The row stays, marked deleted, so references and expansions resolve to the deleted stub.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { markDeleted } from '../../store/objects.ts';
import { loadProduct } from './product-store.ts';

export async function deleteProduct(ctx: ServiceContext, id: string): Promise<Stripe.DeletedProduct> {
  const product = await loadProduct(ctx.db, id, 'id', { forUpdate: true });
  const prices = await ctx.db.query('SELECT 1 FROM prices WHERE product_id = $1 LIMIT 1', [id]);
  if (prices.length)
    throw invalidState('This product cannot be deleted because it has one or more prices. Archive it instead (active=false).');
  await markDeleted(ctx.db, 'products', [id], { active: false });
  await recordEvent(ctx, 'product.deleted', product);
  return { id, object: 'product', deleted: true };
}
