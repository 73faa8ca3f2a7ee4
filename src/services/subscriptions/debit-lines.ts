// What flexible billing mode credits: the invoice lines that charged a subscription's items for
// time after an instant, on invoices not voided, less those a credit already names (on an invoice
// or still pending), each with its amount after discounts.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import type { DebitLine } from '../../domain/subscriptions/flexible-credits.ts';

export async function debitLines(db: Db, sub: Stripe.Subscription, after: number): Promise<DebitLine[]> {
  const items = sub.items.data.map((i) => i.id);
  if (!items.length) return [];
  const rows = await db.query(
    `SELECT l.id, l.invoice_id, l.data FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.subscription_id = $1 AND i.status <> 'void'
        AND l.data->'parent'->'subscription_item_details'->>'subscription_item' = ANY($2)
        AND (l.data->>'amount')::bigint > 0 AND (l.data->'period'->>'end')::bigint > $3
      ORDER BY l.seq`,
    [sub.id, items, after],
  );
  if (!rows.length) return [];
  const credited = await db.query(
    `SELECT jsonb_array_elements_text(l.data->'parent'->'subscription_item_details'->'proration_details'->'credited_items'->'invoice_line_items') AS id
       FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
      WHERE i.subscription_id = $1 AND i.status <> 'void' AND (l.data->>'amount')::bigint < 0
     UNION
     SELECT jsonb_array_elements_text(data->'proration_details'->'credited_items'->'invoice_line_item_details'->'invoice_line_items')
       FROM invoice_items WHERE subscription_id = $1 AND invoice_id IS NULL AND NOT deleted`,
    [sub.id],
  );
  const done = new Set(credited.map((r) => r.id as string));
  return rows
    .filter((r) => !done.has(r.id as string))
    .map((r) => {
      const line = r.data as Stripe.InvoiceLineItem;
      const discounted = (line.discount_amounts ?? []).reduce((s, d) => s + d.amount, 0);
      return {
        invoice: r.invoice_id as string,
        line: line.id,
        subscription_item: line.parent!.subscription_item_details!.subscription_item!,
        net: line.amount - discounted,
        quantity: line.quantity,
        period: line.period,
      };
    });
}
