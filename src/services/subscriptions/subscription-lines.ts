// What a subscription's lines need loaded: product names for descriptions and metered usage. The
// lines themselves are the domain's (domain/subscriptions/subscription-lines.ts), re-exported for
// the services that build them.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { isMetered, productIdOf, type Period } from '../../domain/subscriptions/subscription-lines.ts';

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
  const rows = await ctx.db.query(
    'SELECT COALESCE(sum(quantity), 0) AS q FROM usage_totals WHERE subscription_item_id = $1 AND period_start >= $2 AND period_start < $3',
    [itemId, period.start, period.end],
  );
  return Number(rows[0].q);
}

/** Usage to date of each metered item over a period, by item id (what a decision at `period.end` bills). */
export async function meteredUsage(ctx: Pick<ServiceContext, 'db'>, items: Stripe.SubscriptionItem[], period: Period): Promise<Map<string, number>> {
  const metered = items.filter(isMetered).map((i) => i.id);
  if (!metered.length || !(period.end > period.start)) return new Map();
  const rows = await ctx.db.query(
    `SELECT subscription_item_id AS id, COALESCE(sum(quantity), 0) AS q FROM usage_totals
      WHERE subscription_item_id = ANY($1) AND period_start >= $2 AND period_start < $3 GROUP BY subscription_item_id`,
    [metered, period.start, period.end],
  );
  const out = new Map(metered.map((id) => [id, 0]));
  for (const r of rows) out.set(r.id as string, Number(r.q));
  return out;
}
