// Which table holds an object, found from its id prefix (or, for ids chosen by users such as
// coupons, from the field that names it). Used by `expand[]` and anything that loads by id.
import type { Db } from './db.ts';

export interface ObjectKind {
  table: string;
  /** Stripe's object name, as in `object: 'customer'`. */
  object: string;
  /** The noun used in "No such …" errors. */
  noun: string;
  /** Tables whose rows stay after deletion, their object marked `"deleted": true` (and the generated column with it). */
  softDelete?: boolean;
}

const BY_PREFIX: Record<string, ObjectKind> = {
  cus: { table: 'customers', object: 'customer', noun: 'customer', softDelete: true },
  prod: { table: 'products', object: 'product', noun: 'product', softDelete: true },
  price: { table: 'prices', object: 'price', noun: 'price' },
  promo: { table: 'promotion_codes', object: 'promotion_code', noun: 'promotion code' },
  txr: { table: 'tax_rates', object: 'tax_rate', noun: 'tax rate' },
  evt: { table: 'events', object: 'event', noun: 'event' },
  sub: { table: 'subscriptions', object: 'subscription', noun: 'subscription' },
  si: { table: 'subscription_items', object: 'subscription_item', noun: 'subscription item', softDelete: true },
  in: { table: 'invoices', object: 'invoice', noun: 'invoice' },
  ii: { table: 'invoice_items', object: 'invoiceitem', noun: 'invoice item', softDelete: true },
  pi: { table: 'payment_intents', object: 'payment_intent', noun: 'payment_intent' },
  ch: { table: 'charges', object: 'charge', noun: 'charge' },
  pm: { table: 'payment_methods', object: 'payment_method', noun: 'PaymentMethod' },
  clock: { table: 'test_clocks', object: 'test_helpers.test_clock', noun: 'test clock' },
  cbtxn: { table: 'customer_balance_transactions', object: 'customer_balance_transaction', noun: 'customer balance transaction' },
  di: { table: 'discounts', object: 'discount', noun: 'discount' },
  inpay: { table: 'invoice_payments', object: 'invoice_payment', noun: 'invoice payment' },
  re: { table: 'refunds', object: 'refund', noun: 'refund' },
  seti: { table: 'setup_intents', object: 'setup_intent', noun: 'setup_intent' },
  dp: { table: 'disputes', object: 'dispute', noun: 'dispute' },
  cn: { table: 'credit_notes', object: 'credit_note', noun: 'credit note' },
  txi: { table: 'customer_tax_ids', object: 'tax_id', noun: 'tax id' },
};

const BY_FIELD: Record<string, ObjectKind> = {
  coupon: { table: 'coupons', object: 'coupon', noun: 'coupon', softDelete: true },
  // Products may have custom ids (`gold_plan`), so a `product` field resolves to products.
  product: { table: 'products', object: 'product', noun: 'product', softDelete: true },
};

export function kindOf(id: string, field?: string): ObjectKind | undefined {
  const cut = id.indexOf('_');
  const prefix = cut < 0 ? '' : id.slice(0, cut);
  return BY_PREFIX[prefix] ?? (field ? BY_FIELD[field] : undefined);
}

/** Loads any object by id; deleted ones come back as Stripe's `{ id, object, deleted: true }`. */
export async function loadAny(db: Db, id: string, field?: string): Promise<Record<string, unknown> | null> {
  const kind = kindOf(id, field);
  if (!kind) return null;
  try {
    const rows = await db.query(
      `SELECT data${kind.softDelete ? ', deleted' : ''} FROM ${kind.table} WHERE id = $1`,
      [id],
    );
    if (!rows.length) return null;
    if (kind.softDelete && rows[0].deleted) return { id, object: kind.object, deleted: true };
    return rows[0].data;
  } catch (e: any) {
    if (e?.code === '42P01') return null; // the table arrives with a later migration
    throw e;
  }
}
