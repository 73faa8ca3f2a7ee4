// Invoice lines for a subscription's items: a period billed in advance (licensed), usage billed
// in arrears (metered), a prorated first period, trial lines, and proration credits and debits.
// The arithmetic is the domain's (lineAmount, prorate, prorationLines); this module names things.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { lineAmount, type PriceTerms } from '../../domain/pricing/index.ts';
import { prorate, prorationLines, type ItemTerms, type ProrationLine } from '../../domain/proration.ts';
import { roundMinor } from '../../domain/money.ts';
import { formatAmount } from '../../domain/currency.ts';
import type { NewInvoiceLine } from '../invoices/create-invoice.ts';
import { productIdOf } from '../prices/price-store.ts';
import { discountIdsOf } from './subscription-discounts.ts';

export function termsOf(price: Stripe.Price): PriceTerms {
  return {
    billing_scheme: price.billing_scheme === 'tiered' ? 'tiered' : 'per_unit',
    unit_amount_decimal: price.unit_amount_decimal === null ? null : String(price.unit_amount_decimal),
    tiers_mode: (price.tiers_mode as 'graduated' | 'volume' | null) ?? null,
    tiers: price.tiers
      ? price.tiers.map((t) => ({
          up_to: t.up_to,
          unit_amount_decimal: t.unit_amount_decimal === null ? null : String(t.unit_amount_decimal),
          flat_amount_decimal: t.flat_amount_decimal === null ? null : String(t.flat_amount_decimal),
        }))
      : null,
    transform_quantity: price.transform_quantity
      ? { divide_by: price.transform_quantity.divide_by, round: price.transform_quantity.round === 'up' ? 'up' : 'down' }
      : null,
  };
}

export const isMetered = (item: Stripe.SubscriptionItem) => item.price.recurring?.usage_type === 'metered';

export function itemTerms(item: Stripe.SubscriptionItem): ItemTerms {
  return {
    itemId: item.id,
    priceId: item.price.id,
    terms: termsOf(item.price),
    quantity: item.quantity ?? 0,
    usageType: isMetered(item) ? 'metered' : 'licensed',
  };
}

/** Product names for line descriptions, by product id. */
export async function productNames(ctx: Pick<ServiceContext, 'db'>, prices: Stripe.Price[]): Promise<Map<string, string>> {
  const ids = [...new Set(prices.map(productIdOf))];
  if (!ids.length) return new Map();
  const rows = await ctx.db.query('SELECT id, data->>\'name\' AS name FROM products WHERE id = ANY($1)', [ids]);
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

const nameOf = (names: Map<string, string>, price: Stripe.Price) => names.get(productIdOf(price)) ?? productIdOf(price);

function unitLabel(price: Stripe.Price): string {
  const r = price.recurring;
  const amount = price.unit_amount !== null ? formatAmount(price.unit_amount, price.currency) : null;
  if (!r || amount === null) return '';
  const every = r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`;
  return ` (at ${amount} / ${every})`;
}

const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

const taxRatesOf = (item: Stripe.SubscriptionItem) => item.tax_rates ?? [];

/** A licensed item billed for [period.start, period.end), prorated to `from` when the period is partial. */
export function licensedLine(
  item: Stripe.SubscriptionItem,
  names: Map<string, string>,
  period: { start: number; end: number },
  opts: { fullPeriod?: { start: number; end: number }; trial?: boolean } = {},
): NewInvoiceLine {
  const quantity = item.quantity ?? 1;
  const full = lineAmount(termsOf(item.price), quantity);
  const whole = opts.fullPeriod ?? period;
  const partial = whole.start !== period.start || whole.end !== period.end;
  const amount = opts.trial ? 0 : partial ? roundMinor(prorate(full.amount, whole.start, whole.end, period.start, period.end)) : full.amount;
  const name = nameOf(names, item.price);
  return {
    price: item.price,
    quantity,
    amount,
    unit_amount_decimal: opts.trial ? '0' : full.unit_amount_decimal,
    period,
    description: opts.trial
      ? `Trial period for ${name}`
      : partial
        ? `Remaining time on ${quantity} × ${name} after ${day(period.start)}`
        : `${quantity} × ${name}${unitLabel(item.price)}`,
    proration: partial && !opts.trial,
    subscription_item: item.id,
    tax_rates: taxRatesOf(item),
    discountable: true,
    discounts: discountIdsOf(item.discounts as Array<string | { id: string }>),
  };
}

/** A metered item billed in arrears for the usage of [period.start, period.end). */
export function meteredLine(
  item: Stripe.SubscriptionItem,
  names: Map<string, string>,
  period: { start: number; end: number },
  usage: number,
): NewInvoiceLine {
  const { amount, unit_amount_decimal } = lineAmount(termsOf(item.price), usage);
  return {
    price: item.price,
    quantity: usage,
    amount,
    unit_amount_decimal,
    period,
    description: `${usage} × ${nameOf(names, item.price)} (usage)`,
    proration: false,
    subscription_item: item.id,
    tax_rates: taxRatesOf(item),
    discountable: true,
    discounts: discountIdsOf(item.discounts as Array<string | { id: string }>),
  };
}

/** The metered usage of an item over a period, from the aggregated totals. */
export async function usageFor(ctx: Pick<ServiceContext, 'db'>, itemId: string, period: { start: number; end: number }): Promise<number> {
  const rows = await ctx.db.query(
    'SELECT COALESCE(sum(quantity), 0) AS q FROM usage_totals WHERE subscription_item_id = $1 AND period_start >= $2 AND period_start < $3',
    [itemId, period.start, period.end],
  );
  return Number(rows[0].q);
}

/** A proration line as an invoice line (or invoice item) for the item it concerns. */
export interface ProrationCharge {
  line: ProrationLine;
  item: Stripe.SubscriptionItem;
  description: string;
}

/** The proration credits and debits of a change from `before` to `after` at `at`. */
export function prorationCharges(
  before: Stripe.SubscriptionItem[],
  after: Stripe.SubscriptionItem[],
  period: { start: number; end: number },
  at: number,
  names: Map<string, string>,
): ProrationCharge[] {
  const lines = prorationLines({
    periodStart: period.start,
    periodEnd: period.end,
    at,
    before: before.map(itemTerms),
    after: after.map(itemTerms),
  });
  return lines.map((line) => {
    const item = (line.kind === 'credit' ? before : after).find((i) => i.id === line.itemId)!;
    const what = `${line.quantity} × ${nameOf(names, item.price)}`;
    return {
      line,
      item,
      description: line.kind === 'credit' ? `Unused time on ${what} after ${day(line.periodStart)}` : `Remaining time on ${what} after ${day(line.periodStart)}`,
    };
  });
}

export function prorationInvoiceLine(c: ProrationCharge): NewInvoiceLine {
  return {
    price: c.item.price,
    quantity: c.line.quantity,
    amount: c.line.amount,
    unit_amount_decimal: lineAmount(termsOf(c.item.price), c.line.quantity).unit_amount_decimal,
    period: { start: c.line.periodStart, end: c.line.periodEnd },
    description: c.description,
    proration: true,
    proration_details: { credited_items: null },
    subscription_item: c.item.id,
    tax_rates: taxRatesOf(c.item),
    discountable: true,
    discounts: discountIdsOf(c.item.discounts as Array<string | { id: string }>),
  };
}
