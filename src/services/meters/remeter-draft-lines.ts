// Before a draft is finalized, its metered subscription lines are billed again from the usage
// store over exactly their periods, so late events (timestamps in the period) are counted.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import type { UsageStore } from '../../core/usage-store.ts';
import type { StoredLine } from '../../domain/billing/invoice-line.ts';
import { remeteredLine } from '../../domain/usage/remetered-line.ts';
import { usageOver } from '../subscriptions/subscription-lines.ts';
import { saveLine } from '../invoices/invoice-store.ts';

const customerOf = (i: Stripe.Invoice) => (typeof i.customer === 'string' ? i.customer : i.customer!.id);
const priceIdOf = (l: Stripe.InvoiceLineItem): string | null => {
  const p = l.pricing?.price_details?.price;
  return p ? (typeof p === 'string' ? p : p.id) : null;
};
const isSubscriptionPeriodLine = (l: Stripe.InvoiceLineItem) =>
  l.parent?.type === 'subscription_item_details' && !l.parent.subscription_item_details?.proration && !l.parent.subscription_item_details?.invoice_item;

/** The drafts' lines with metered quantities brought up to date (changed lines are saved), by invoice id. */
export async function remeterDraftLines(usage: UsageStore, db: Db, drafts: Array<{ invoice: Stripe.Invoice; lines: StoredLine[] }>): Promise<Map<string, StoredLine[]>> {
  const out = new Map(drafts.map((d) => [d.invoice.id, d.lines]));
  const candidates = drafts.flatMap((d) => (d.invoice.status === 'draft' ? d.lines.filter((l) => isSubscriptionPeriodLine(l.line) && priceIdOf(l.line)).map((l) => ({ d, l })) : []));
  if (!candidates.length) return out;
  const rows = await db.query(`SELECT id, data FROM prices WHERE id = ANY($1)`, [[...new Set(candidates.map((c) => priceIdOf(c.l.line)!))]]);
  const prices = new Map(rows.map((r) => [r.id as string, r.data as Stripe.Price]));
  const metered = candidates.filter((c) => prices.get(priceIdOf(c.l.line)!)?.recurring?.meter);
  if (!metered.length) return out;
  const quantities = await usageOver(
    usage,
    db,
    metered.map(({ d, l }) => ({
      id: l.line.id,
      item: l.line.parent?.subscription_item_details?.subscription_item ?? undefined,
      meter: prices.get(priceIdOf(l.line)!)!.recurring!.meter,
      customer: customerOf(d.invoice),
      start: l.line.period.start,
      end: l.line.period.end,
    })),
  );
  const changed = new Map<string, StoredLine>();
  for (const { l } of metered) {
    const again = remeteredLine(l, prices.get(priceIdOf(l.line)!)!, quantities.get(l.line.id) ?? 0);
    if (again) changed.set(l.line.id, again);
  }
  for (const l of changed.values()) await saveLine(db, l);
  for (const [id, lines] of out) out.set(id, lines.map((l) => changed.get(l.line.id) ?? l));
  return out;
}
