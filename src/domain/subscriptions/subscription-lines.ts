// Invoice lines for a subscription's items: a period billed in advance (licensed), usage billed in
// arrears (metered), a prorated first period, trial lines, and proration credits and debits. Pure:
// product names and usage are loaded by the caller and passed in.
import type Stripe from 'stripe';
import { lineAmount, type PriceTerms } from '../pricing/index.ts';
import { prorate, prorationLines, type ItemTerms, type ProrationLine } from '../proration.ts';
import { roundMinor } from '../money.ts';
import { formatAmount } from '../currency.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';

export type Period = { start: number; end: number };

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

export const productIdOf = (price: Stripe.Price): string => (typeof price.product === 'string' ? price.product : price.product.id);

export const idsOf = (list: Array<string | { id: string }> | null | undefined): string[] =>
  (list ?? []).map((d) => (typeof d === 'string' ? d : d.id));

export function itemTerms(item: Stripe.SubscriptionItem): ItemTerms {
  return {
    itemId: item.id,
    priceId: item.price.id,
    terms: termsOf(item.price),
    quantity: item.quantity ?? 0,
    usageType: isMetered(item) ? 'metered' : 'licensed',
  };
}

/** Product names by product id, for line descriptions (loaded by the caller). */
export type ProductNames = Map<string, string>;

const nameOf = (names: ProductNames, price: Stripe.Price) => names.get(productIdOf(price)) ?? productIdOf(price);

function unitLabel(price: Stripe.Price): string {
  const r = price.recurring;
  const amount = price.unit_amount !== null ? formatAmount(price.unit_amount, price.currency) : null;
  if (!r || amount === null) return '';
  const every = r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`;
  return ` (at ${amount} / ${every})`;
}

// A calendar date for descriptions, from the instant given (not the wall clock).
const day = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

const taxRatesOf = (item: Stripe.SubscriptionItem) => item.tax_rates ?? [];

/** A licensed item billed for [period.start, period.end), prorated against `fullPeriod` when the period is partial. */
export function licensedLine(
  item: Stripe.SubscriptionItem,
  names: ProductNames,
  period: Period,
  opts: { fullPeriod?: Period; trial?: boolean } = {},
): InvoiceLineDraft {
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
    discounts: idsOf(item.discounts as Array<string | { id: string }>),
  };
}

/** A metered item billed in arrears for the usage of [period.start, period.end). */
export function meteredLine(item: Stripe.SubscriptionItem, names: ProductNames, period: Period, usage: number): InvoiceLineDraft {
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
    discounts: idsOf(item.discounts as Array<string | { id: string }>),
  };
}

/** A proration line with the item it concerns and how it reads on the invoice. */
export interface ProrationCharge {
  line: ProrationLine;
  item: Stripe.SubscriptionItem;
  description: string;
}

/**
 * The proration credits and debits of a change from `before` to `after` at `at`, each item over
 * its own period (they differ only with mixed intervals; `period` is the subscription's).
 */
export function prorationCharges(
  before: Stripe.SubscriptionItem[],
  after: Stripe.SubscriptionItem[],
  period: Period,
  at: number,
  names: ProductNames,
): ProrationCharge[] {
  const ids = [...new Set([...before.map((i) => i.id), ...after.map((i) => i.id)])];
  const spanOf = (i: Stripe.SubscriptionItem): Period => (i.current_period_end > i.current_period_start ? { start: i.current_period_start, end: i.current_period_end } : period);
  const lines = ids.flatMap((id) => {
    const old = before.filter((i) => i.id === id);
    const now = after.filter((i) => i.id === id);
    const [was, is] = [old[0] && spanOf(old[0]), now[0] && spanOf(now[0])];
    // An item moved to another interval (flexible mode): its old period is credited, its new one debited.
    if (was && is && (was.start !== is.start || was.end !== is.end))
      return [
        ...prorationLines({ periodStart: was.start, periodEnd: was.end, at, before: old.map(itemTerms), after: [] }),
        ...prorationLines({ periodStart: is.start, periodEnd: is.end, at, before: [], after: now.map(itemTerms) }),
      ];
    const span = was ?? is;
    return prorationLines({ periodStart: span.start, periodEnd: span.end, at, before: old.map(itemTerms), after: now.map(itemTerms) });
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

export function prorationInvoiceLine(c: ProrationCharge): InvoiceLineDraft {
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
    discounts: idsOf(c.item.discounts as Array<string | { id: string }>),
  };
}
