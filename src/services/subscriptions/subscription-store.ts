// Loading and saving subscriptions. The stored subscription embeds its live items (as the API
// shows them); each item also has its own row for /v1/subscription_items and price filters.
// The customer, status, currency, period and item price/quantity columns are generated from the
// objects; next_action_at (engine scheduling) is computed from the object on every save here.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';
import { nextActionAt } from './next-action.ts';
import { currentPeriod } from '../../domain/subscriptions/current-period.ts';

export type Subscription = Stripe.Subscription;
export type SubscriptionItem = Stripe.SubscriptionItem;

export const customerIdOf = (s: { customer: string | { id: string } }): string =>
  typeof s.customer === 'string' ? s.customer : s.customer.id;

export const liveItems = (s: Subscription): SubscriptionItem[] => s.items.data;

export { currentPeriod };

/** The subscription's live items each have a row; items no longer on it are marked deleted in their object. */
async function saveItems(db: Db, s: Subscription): Promise<void> {
  const items = liveItems(s);
  for (const item of items) {
    await db.query(
      `INSERT INTO subscription_items (id, created, customer_id, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data`,
      [item.id, item.created, customerIdOf(s), JSON.stringify(item)],
    );
  }
  await db.query(
    `UPDATE subscription_items SET data = data || '{"deleted": true}' WHERE subscription_id = $1 AND NOT deleted AND NOT (id = ANY($2))`,
    [s.id, items.map((i) => i.id)],
  );
}

export async function insertSubscription(db: Db, s: Subscription): Promise<void> {
  await insertObject(db, 'subscriptions', s, { next_action_at: nextActionAt(s) });
  await saveItems(db, s);
}

export async function saveSubscription(db: Db, s: Subscription): Promise<void> {
  await updateObject(db, 'subscriptions', s, { next_action_at: nextActionAt(s) });
  await saveItems(db, s);
}

/** A subscription by id, or the 404 Stripe gives naming `param`. */
export async function loadSubscription(
  db: Db,
  id: string,
  opts: { param?: string; forUpdate?: boolean } = {},
): Promise<Subscription> {
  const rows = await db.query(`SELECT data FROM subscriptions WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw resourceMissing('subscription', id, opts.param ?? 'id');
  return rows[0].data as Subscription;
}

/** A live subscription item with the subscription it belongs to. */
export async function loadItem(db: Db, id: string, param = 'id'): Promise<{ item: SubscriptionItem; subscriptionId: string }> {
  const rows = await db.query('SELECT data, subscription_id FROM subscription_items WHERE id = $1 AND NOT deleted', [id]);
  if (!rows.length) throw resourceMissing('subscription item', id, param);
  return { item: rows[0].data as SubscriptionItem, subscriptionId: rows[0].subscription_id as string };
}

/** Subscriptions of a customer that have not ended, for cancelling them all. */
export async function liveSubscriptionIds(db: Db, customerId: string): Promise<string[]> {
  const rows = await db.query(
    `SELECT id FROM subscriptions WHERE customer_id = $1 AND status NOT IN ('canceled', 'incomplete_expired') ORDER BY seq`,
    [customerId],
  );
  return rows.map((r) => r.id as string);
}
