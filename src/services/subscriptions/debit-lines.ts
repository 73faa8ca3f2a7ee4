// What flexible billing mode credits: the debits of a subscription's items for time after an
// instant — invoice lines on invoices not voided, and proration debits still pending as invoice
// items — less those a credit already names (on an invoice or pending), each with its amount and
// the discounts it carried.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import type { DebitLine } from '../../domain/subscriptions/flexible-credits.ts';
import type { LineDiscountAmount } from '../../domain/invoices/invoice-draft.ts';

const amountsOf = (list: Array<{ amount: number; discount: string | { id: string } }> | null | undefined): LineDiscountAmount[] =>
  (list ?? []).filter((d) => d.amount !== 0).map((d) => ({ discount: typeof d.discount === 'string' ? d.discount : d.discount.id, amount: d.amount }));

export async function debitLines(db: Db, sub: Stripe.Subscription, after: number): Promise<DebitLine[]> {
  const items = sub.items.data.map((i) => i.id);
  if (!items.length) return [];
  const lines = await db.query(
    `SELECT l.data FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.subscription_id = $1 AND i.status <> 'void'
        AND l.data->'parent'->'subscription_item_details'->>'subscription_item' = ANY($2)
        AND (l.data->>'amount')::bigint > 0 AND (l.data->'period'->>'end')::bigint > $3
      ORDER BY l.seq`,
    [sub.id, items, after],
  );
  const pending = await db.query(
    `SELECT data FROM invoice_items
      WHERE subscription_id = $1 AND invoice_id IS NULL AND NOT deleted AND (data->>'proration')::boolean
        AND data->'parent'->'subscription_details'->>'subscription_item' = ANY($2)
        AND (data->>'amount')::bigint > 0 AND (data->'period'->>'end')::bigint > $3
      ORDER BY seq`,
    [sub.id, items, after],
  );
  // Every line item or invoice item a credit names, on invoices not voided or pending (a credit item
  // keeps naming a pending debit's invoice item after both are invoiced).
  const credited = await db.query(
    `WITH credit_items AS (
       SELECT it.data->'proration_details'->'credited_items' AS c FROM invoice_items it
        WHERE it.subscription_id = $1 AND NOT it.deleted
          AND (it.invoice_id IS NULL OR NOT EXISTS (SELECT 1 FROM invoices v WHERE v.id = it.invoice_id AND v.status = 'void')))
     SELECT jsonb_array_elements_text(l.data->'parent'->'subscription_item_details'->'proration_details'->'credited_items'->'invoice_line_items') AS id
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.subscription_id = $1 AND i.status <> 'void' AND (l.data->>'amount')::bigint < 0
     UNION SELECT jsonb_array_elements_text(c->'invoice_line_item_details'->'invoice_line_items') FROM credit_items
     UNION SELECT c->>'invoice_item' FROM credit_items`,
    [sub.id],
  );
  const done = new Set(credited.map((r) => r.id as string | null).filter((id): id is string => id !== null));
  const invoiced = lines
    .map((r) => r.data as Stripe.InvoiceLineItem)
    .filter((line) => !done.has(line.id) && !done.has(line.parent?.subscription_item_details?.invoice_item ?? ''))
    .map(
      (line): DebitLine => ({
        credits: { type: 'invoice_line_items', invoice: line.invoice as string, invoice_line_items: [line.id] },
        subscription_item: line.parent!.subscription_item_details!.subscription_item!,
        amount: line.amount,
        discount_amounts: amountsOf(line.discount_amounts),
        quantity: line.quantity,
        period: line.period,
      }),
    );
  const waiting = pending
    .map((r) => r.data as Stripe.InvoiceItem)
    .filter((item) => !done.has(item.id))
    .map(
      (item): DebitLine => ({
        credits: { type: 'invoice_item', invoice_item: item.id },
        subscription_item: item.parent!.subscription_details!.subscription_item!,
        amount: item.amount,
        // A pending debit of flexible mode took its discounts when made; an older one takes them at invoicing.
        discount_amounts: amountsOf(item.proration_details?.discount_amounts),
        quantity: item.quantity,
        period: item.period,
      }),
    );
  return [...invoiced, ...waiting];
}
