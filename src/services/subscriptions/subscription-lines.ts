// What a subscription's lines need loaded: product names for descriptions and metered usage. The
// lines themselves are the domain's (domain/subscriptions/subscription-lines.ts), re-exported for
// the services that build them.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../store/db.ts';
import { isMetered, productIdOf } from '../../domain/subscriptions/subscription-lines.ts';
import type { UsageStore } from '../../core/usage-store.ts';
import { meterQuantity, type MeterFormula } from '../../domain/usage/meter-aggregation.ts';
import { meterSpan, metersById, type Meter } from '../meters/meter-store.ts';
import { allowancesWhere } from '../allowances/allowance-store.ts';
import { allowanceSpans, billedBeyondAllowance } from '../../domain/usage/allowance.ts';

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

/** A metered item's span to bill: its meter, its customer and the half-open period. */
export interface UsageItemSpan {
  /** Names the result (an item id, or an invoice line's id with `item` set). */
  id: string;
  /** The subscription item billed, when `id` is not it. */
  item?: string;
  meter: string | null;
  customer: string;
  start: number;
  end: number;
}

/** The span of a metered item of a subscription over [start, end). */
export function usageSpan(sub: Pick<Stripe.Subscription, 'customer'>, item: Stripe.SubscriptionItem, start: number, end: number): UsageItemSpan {
  const customer = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
  return { id: item.id, meter: item.price.recurring?.meter ?? null, customer, start, end };
}

/**
 * Usage of items over spans of their own, by item id (0 where none): each item's meter
 * aggregated for its customer over exactly [start, end) by the meter's formula.
 */
export async function usageOver(usage: UsageStore, db: Db, spans: UsageItemSpan[]): Promise<Map<string, number>> {
  const out = new Map(spans.map((s) => [s.id, 0]));
  const open = spans.filter((s) => s.end > s.start && s.meter);
  if (!open.length) return out;
  const meters = await metersById(db, open.map((s) => s.meter!));
  const counted = open.filter((s) => meters.has(s.meter!));
  const parts = await usage.aggregate(db, counted.map((s) => meterSpan(meters.get(s.meter!)!, s.customer, s.start, s.end)));
  counted.forEach((s, i) => out.set(s.id, meterQuantity(meters.get(s.meter!)!.default_aggregation.formula as MeterFormula, parts[i])));
  await billBeyondAllowances(usage, db, counted, meters, out);
  return out;
}

/** Spans of items with an allowance bill only the usage beyond it (domain/usage/allowance.ts). */
async function billBeyondAllowances(usage: UsageStore, db: Db, spans: UsageItemSpan[], meters: Map<string, Meter>, out: Map<string, number>): Promise<void> {
  const allowances = new Map((await allowancesWhere(db, 'subscription_item_id', spans.map((s) => s.item ?? s.id))).map((a) => [a.subscription_item, a]));
  if (!allowances.size) return;
  const mine = spans.filter((s) => meters.has(allowances.get(s.item ?? s.id)?.meter ?? ''));
  const pieces = mine.map((s) => {
    const a = allowances.get(s.item ?? s.id)!;
    return { s, a, spans: allowanceSpans({ units: a.units, windowStart: a.window_start }, s) };
  });
  const wanted = pieces.flatMap((p) =>
    [p.spans.beforeWindow, p.spans.windowBeforePeriod, p.spans.windowInPeriod].map((x) => meterSpan(meters.get(p.a.meter)!, p.a.customer, x?.start ?? 0, x?.end ?? 0)),
  );
  const parts = await usage.aggregate(db, wanted);
  pieces.forEach((p, k) => {
    const [b, w, i] = [0, 1, 2].map((j) => meterQuantity(p.a.formula, parts[3 * k + j]));
    out.set(p.s.id, billedBeyondAllowance({ units: p.a.units, windowStart: p.a.window_start }, { beforeWindow: b, windowBeforePeriod: w, windowInPeriod: i }));
  });
}

/**
 * Usage to date of each metered item, by item id: from the start of the item's own period (with
 * mixed intervals it is not the subscription's) to `until` — what a decision at `until` bills.
 */
export async function meteredUsage(ctx: Pick<ServiceContext, 'db' | 'usage'>, sub: Stripe.Subscription, until: number): Promise<Map<string, number>> {
  return usageOver(ctx.usage, ctx.db, sub.items.data.filter(isMetered).map((i) => usageSpan(sub, i, i.current_period_start, until)));
}
