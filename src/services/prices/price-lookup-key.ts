// Lookup keys are unique across prices. Claiming one that another price holds fails unless the
// caller asks to transfer it, which clears it from that price (recorded as price.updated).
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { savePrice, type Price } from './price-store.ts';

export async function claimLookupKey(
  ctx: ServiceContext,
  key: string,
  opts: { transfer: boolean; param: string; forPrice?: string },
): Promise<void> {
  // Serializes concurrent claims of one key, so the unique index never fails mid-transaction.
  await ctx.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`price.lookup_key:${key}`]);
  const rows = await ctx.db.query('SELECT data FROM prices WHERE lookup_key = $1 FOR UPDATE', [key]);
  if (!rows.length) return;
  const holder = rows[0].data as Price;
  if (holder.id === opts.forPrice) return;
  if (!opts.transfer)
    throw invalidRequest(
      `A price (${holder.id}) already uses the lookup key '${key}'. Pass transfer_lookup_key=true to move it to this price.`,
      opts.param,
    );
  const cleared: Price = { ...holder, lookup_key: null };
  await savePrice(ctx.db, cleared);
  await recordEvent(ctx, 'price.updated', cleared, { previousAttributes: { lookup_key: key } });
}
