// What a subscription's lines need loaded: product names for descriptions and metered usage. The
// lines themselves are the domain's (domain/subscriptions/subscription-lines.ts), re-exported for
// the services that build them.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../store/db.ts';
import { isMetered, productIdOf } from '../../domain/subscriptions/subscription-lines.ts';

export {
  isMetered,
  itemTerms,
  licensedLine,
  meteredLine,
  prorationCharges,
  prorationInvoiceLine,
  termsOf,
  type ProrationCharge,
} from '../../domain/subscriptions/subscription-lines.ts';

/** Product names for line descriptions, by product id. */
export async function productNames(ctx: Pick<ServiceContext, 'db'>, prices: Stripe.Price[]): Promise<Map<string, string>> {
  const ids = [...new Set(prices.map(productIdOf))];
  if (!ids.length) return new Map();
  const rows = await ctx.db.query('SELECT id, data->>\'name\' AS name FROM products WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

/** The metered usage of an item over a period, from the aggregated totals. */
export async function usageFor(ctx: Pick<ServiceContext, 'db'>, itemId: string, period: { start: number; end: number }): Promise<number> {
  return (await usageOver(ctx.db, [{ id: itemId, ...period }])).get(itemId) ?? 0;
}

/** Usage of items over spans of their own (item id, start, end), by item id (0 where none). */
export async function usageOver(db: Db, spans: Array<{ id: string; start: number; end: number }>): Promise<Map<string, number>> {
  const out = new Map(spans.map((s) => [s.id, 0]));
  const open = spans.filter((s) => s.end > s.start);
  if (!open.length) return out;
  const rows = await db.query(
    `SELECT p.id, COALESCE(sum(u.quantity), 0) AS q
       FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS p(id, s, e)
       JOIN usage_totals u ON u.subscription_item_id = p.id AND u.period_start >= p.s AND u.period_start < p.e
      GROUP BY p.id`,
    [open.map((s) => s.id), open.map((s) => s.start), open.map((s) => s.end)],
  );
  for (const r of rows) out.set(r.id as string, Number(r.q));
  return out;
}

/**
 * Usage to date of each metered item, by item id: from the start of the item's own period (with
 * mixed intervals it is not the subscription's) to `until` — what a decision at `until` bills.
 */
export async function meteredUsage(ctx: Pick<ServiceContext, 'db'>, items: Stripe.SubscriptionItem[], until: number): Promise<Map<string, number>> {
  return usageOver(ctx.db, items.filter(isMetered).map((i) => ({ id: i.id, start: i.current_period_start, end: until })));
}
