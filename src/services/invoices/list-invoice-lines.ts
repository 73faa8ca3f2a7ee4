// GET /v1/invoices/:id/lines: an invoice's lines in the order they were added, with cursors.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import type { ListEnvelope } from '../../store/list.ts';
import { loadInvoice } from './invoice-store.ts';

export async function listInvoiceLines(
  db: Db,
  invoiceId: string,
  q: { limit?: number; starting_after?: string; ending_before?: string },
): Promise<ListEnvelope<Stripe.InvoiceLineItem>> {
  await loadInvoice(db, invoiceId);
  const limit = q.limit ?? 10;
  const cursor = q.starting_after ?? q.ending_before;
  const params: unknown[] = [invoiceId];
  let where = 'invoice_id = $1';
  if (cursor) {
    const c = await db.query('SELECT seq FROM invoice_lines WHERE id = $1 AND invoice_id = $2', [cursor, invoiceId]);
    if (!c.length) throw resourceMissing('invoice line item', cursor, q.starting_after ? 'starting_after' : 'ending_before');
    params.push(c[0].seq);
    where += q.starting_after ? ' AND seq > $2' : ' AND seq < $2';
  }
  const backwards = !q.starting_after && !!q.ending_before;
  const rows = await db.query(
    `SELECT data FROM invoice_lines WHERE ${where} ORDER BY seq ${backwards ? 'DESC' : 'ASC'} LIMIT ${limit + 1}`,
    params,
  );
  const data = rows.slice(0, limit).map((r) => r.data as Stripe.InvoiceLineItem);
  if (backwards) data.reverse();
  return { object: 'list', url: `/v1/invoices/${invoiceId}/lines`, has_more: rows.length > limit, data };
}
