// The dashboard's invoice tabs: drafts awaiting review, open, past due (open and past its due date,
// or a failed automatic payment), paid, void, uncollectible — counted and listed newest first.
import type { Db } from './db.ts';

export const INVOICE_TABS = ['draft', 'open', 'past_due', 'paid', 'void', 'uncollectible'] as const;
export type InvoiceTab = (typeof INVOICE_TABS)[number];

/** Open and past its due date, or open after a failed automatic payment; `$1` is now. */
const PAST_DUE = `(status = 'open' AND ((due_date IS NOT NULL AND due_date < $1::bigint) OR coalesce((data->>'attempt_count')::int, 0) > 0))`;

function tabCondition(tab: InvoiceTab): string {
  return tab === 'past_due' ? PAST_DUE : `status = '${tab}' AND $1::bigint IS NOT NULL`;
}

export async function invoiceTabCounts(db: Db, now: number): Promise<Record<InvoiceTab, number>> {
  const rows = await db.query(
    `SELECT count(*) FILTER (WHERE status = 'draft')::int AS draft,
            count(*) FILTER (WHERE status = 'open')::int AS open,
            count(*) FILTER (WHERE ${PAST_DUE})::int AS past_due,
            count(*) FILTER (WHERE status = 'paid')::int AS paid,
            count(*) FILTER (WHERE status = 'void')::int AS void,
            count(*) FILTER (WHERE status = 'uncollectible')::int AS uncollectible
       FROM invoices`,
    [now],
  );
  return rows[0] as Record<InvoiceTab, number>;
}

export async function invoicesInTab(
  db: Db,
  now: number,
  q: { tab: InvoiceTab; limit: number; starting_after?: string; customer?: string },
): Promise<{ data: unknown[]; has_more: boolean }> {
  const params: unknown[] = [now];
  const where = [tabCondition(q.tab)];
  if (q.customer) {
    params.push(q.customer);
    where.push(`customer_id = $${params.length}`);
  }
  if (q.starting_after) {
    params.push(q.starting_after);
    where.push(`seq < (SELECT seq FROM invoices WHERE id = $${params.length})`);
  }
  params.push(q.limit + 1);
  const rows = await db.query(`SELECT data FROM invoices WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`, params);
  return { data: rows.slice(0, q.limit).map((r) => r.data), has_more: rows.length > q.limit };
}
