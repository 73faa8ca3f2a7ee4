// Loads what renewing subscriptions needs, for any number of them at once: customers and their tax
// ids, product names, discounts with their coupons, pending invoice items and metered usage, each
// in one `= ANY` query, so a batch of renewals costs the same few queries as one.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import type { CouponTerms } from '../../domain/discounts.ts';
import { couponTerms, discountIds } from '../../domain/billing/stripe-terms.ts';
import type { RenewalInput } from '../../domain/billing/renew-subscription.ts';
import { isMetered, productIdOf } from '../../domain/subscriptions/subscription-lines.ts';
import { usageOver, usageSpan } from '../subscriptions/subscription-lines.ts';
import type { UsageStore } from '../../core/usage-store.ts';
import { customerTaxIds } from '../../store/tax-id-store.ts';

const customerOf = (s: Stripe.Subscription): string => (typeof s.customer === 'string' ? s.customer : s.customer.id);

/** Product names by product id. */
export async function loadProductNames(db: Db, prices: Stripe.Price[]): Promise<Map<string, string>> {
  const ids = [...new Set(prices.map(productIdOf))];
  if (!ids.length) return new Map();
  const rows = await db.query(`SELECT id, data->>'name' AS name FROM products WHERE id = ANY($1)`, [ids]);
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

/** Discounts by id with their coupons' terms (null when the coupon is gone). */
async function loadDiscountsWithCoupons(db: Db, ids: string[]): Promise<Map<string, { discount: Stripe.Discount; coupon: CouponTerms | null }>> {
  if (!ids.length) return new Map();
  const rows = await db.query(
    `SELECT d.id, d.data, c.data AS coupon FROM discounts d
       LEFT JOIN coupons c ON c.id = COALESCE(d.data->'source'->'coupon'->>'id', d.data->'source'->>'coupon')
      WHERE d.id = ANY($1)`,
    [ids],
  );
  return new Map(
    rows.map((r) => [r.id as string, { discount: r.data as Stripe.Discount, coupon: r.coupon ? couponTerms(r.coupon as Stripe.Coupon) : null }]),
  );
}

/** Pending invoice items of these subscriptions, oldest first, locked (an invoice takes them once). */
async function loadPendingItems(db: Db, subs: Stripe.Subscription[]): Promise<Map<string, Stripe.InvoiceItem[]>> {
  const rows = await db.query(
    `SELECT subscription_id, data FROM invoice_items
      WHERE customer_id = ANY($1) AND subscription_id = ANY($2) AND invoice_id IS NULL AND NOT deleted
      ORDER BY seq FOR UPDATE`,
    [[...new Set(subs.map(customerOf))], subs.map((s) => s.id)],
  );
  const out = new Map<string, Stripe.InvoiceItem[]>();
  for (const r of rows) {
    const list = out.get(r.subscription_id) ?? [];
    list.push(r.data as Stripe.InvoiceItem);
    out.set(r.subscription_id, list);
  }
  return out;
}

/** Usage of each metered item over its own current period (the one that ends now), from the aggregated totals. */
function loadUsage(usage: UsageStore, db: Db, subs: Stripe.Subscription[]): Promise<Map<string, number>> {
  return usageOver(
    usage,
    db,
    subs.flatMap((s) => s.items.data.filter(isMetered).map((i) => usageSpan(s, i, i.current_period_start, i.current_period_end))),
  );
}

/** Customers by id (live or not: a renewal bills the customer its subscription names). */
export async function loadCustomers(db: Db, ids: string[]): Promise<Map<string, Stripe.Customer>> {
  if (!ids.length) return new Map();
  const rows = await db.query('SELECT id, data FROM customers WHERE id = ANY($1)', [[...new Set(ids)]]);
  return new Map(rows.map((r) => [r.id as string, r.data as Stripe.Customer]));
}

/** The renewal input of each subscription, by subscription id. */
export async function loadRenewalInputs(usageStore: UsageStore, db: Db, subs: Stripe.Subscription[]): Promise<Map<string, RenewalInput>> {
  const ids = (list: unknown) => discountIds((list ?? []) as Array<string | { id: string }>);
  const discountIdsWanted = subs.flatMap((s) => [...ids(s.discounts), ...s.items.data.flatMap((i) => ids(i.discounts))]);
  const customers = await loadCustomers(db, subs.map(customerOf));
  const taxIds = await customerTaxIds(db, [...customers.keys()]);
  const names = await loadProductNames(db, subs.flatMap((s) => s.items.data.map((i) => i.price)));
  const discounts = await loadDiscountsWithCoupons(db, [...new Set(discountIdsWanted)]);
  const pending = await loadPendingItems(db, subs);
  const usage = await loadUsage(usageStore, db, subs);
  const out = new Map<string, RenewalInput>();
  for (const s of subs) {
    const itemDiscounts = new Map<string, InvoiceDiscount>();
    for (const item of s.items.data)
      for (const id of ids(item.discounts)) {
        const d = discounts.get(id);
        if (d?.coupon) itemDiscounts.set(id, { id, coupon: d.coupon });
      }
    out.set(s.id, {
      subscription: s,
      customer: customers.get(customerOf(s))!,
      customerTaxIds: taxIds.get(customerOf(s)) ?? [],
      productNames: names,
      discounts: ids(s.discounts).flatMap((id) => (discounts.has(id) ? [discounts.get(id)!] : [])),
      itemDiscounts,
      usage,
      pendingItems: (pending.get(s.id) ?? []).filter((i) => i.currency === s.currency),
    });
  }
  return out;
}
