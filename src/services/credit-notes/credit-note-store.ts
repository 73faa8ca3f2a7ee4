// Loading and saving credit notes. A credit note is stored whole, with every line; the API embeds
// the first lines (as Stripe does) and pages the rest from the stored object.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { getObject, insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';
import type { ListEnvelope } from '../../store/list.ts';

/** How many lines a credit note embeds (Stripe: the first ten). */
export const EMBEDDED_CREDIT_NOTE_LINES = 10;

/** While its refund to the card is being made: the refund and the part that goes to the balance. */
export interface PendingRefund {
  refund: string;
  credit_amount: number;
}

/**
 * A stored credit note keeps all its lines; `lines` in the API shows the first page. `pending` is
 * set while its refund is being made: the credit note is not issued yet and the API does not show it.
 */
export type StoredCreditNote = Stripe.CreditNote & { all_lines?: Stripe.CreditNoteLineItem[]; pending?: PendingRefund };

export const insertCreditNote = (db: Db, cn: Stripe.CreditNote, lines: Stripe.CreditNoteLineItem[], pending?: PendingRefund) =>
  insertObject(db, 'credit_notes', { ...cn, all_lines: lines, ...(pending ? { pending } : {}) } as StoredCreditNote);

/** Saves the credit note as issued (a pending one becomes visible). */
export async function saveCreditNote(db: Db, cn: Stripe.CreditNote): Promise<void> {
  const stored = await loadStoredCreditNote(db, cn.id, { pending: true });
  await updateObject(db, 'credit_notes', { ...cn, all_lines: stored.all_lines } as StoredCreditNote);
}

export async function loadStoredCreditNote(db: Db, id: string, opts: { forUpdate?: boolean; param?: string; pending?: boolean } = {}): Promise<StoredCreditNote> {
  const cn = await getObject<StoredCreditNote>(db, 'credit_notes', id, { forUpdate: opts.forUpdate });
  if (!cn || (cn.pending && !opts.pending)) throw resourceMissing('credit note', id, opts.param ?? 'id');
  return cn;
}

/** The credit note as the API shows it. */
export function creditNoteObject(stored: StoredCreditNote): Stripe.CreditNote {
  const { all_lines: _all, pending: _pending, ...cn } = stored;
  return cn;
}

export async function loadCreditNote(db: Db, id: string, opts: { forUpdate?: boolean } = {}): Promise<Stripe.CreditNote> {
  return creditNoteObject(await loadStoredCreditNote(db, id, opts));
}

export function linesEnvelopeOf(id: string, lines: Stripe.CreditNoteLineItem[]): Stripe.ApiList<Stripe.CreditNoteLineItem> {
  return { object: 'list', url: `/v1/credit_notes/${id}/lines`, has_more: lines.length > EMBEDDED_CREDIT_NOTE_LINES, data: lines.slice(0, EMBEDDED_CREDIT_NOTE_LINES) };
}

/** A page of lines in their order, with Stripe's cursors. */
export function pageOfLines(url: string, lines: Stripe.CreditNoteLineItem[], q: { limit?: number; starting_after?: string; ending_before?: string }): ListEnvelope<Stripe.CreditNoteLineItem> {
  const limit = q.limit ?? 10;
  let from = 0;
  let to = lines.length;
  if (q.starting_after) {
    const k = lines.findIndex((l) => l.id === q.starting_after);
    if (k < 0) throw resourceMissing('credit note line item', q.starting_after, 'starting_after');
    from = k + 1;
  } else if (q.ending_before) {
    const k = lines.findIndex((l) => l.id === q.ending_before);
    if (k < 0) throw resourceMissing('credit note line item', q.ending_before, 'ending_before');
    to = k;
    from = Math.max(0, to - limit);
  }
  const data = lines.slice(from, Math.min(to, from + limit));
  const has_more = q.ending_before ? from > 0 : from + limit < to;
  return { object: 'list', url, has_more, data };
}

export async function creditNoteLines(db: Db, id: string): Promise<Stripe.CreditNoteLineItem[]> {
  return (await loadStoredCreditNote(db, id)).all_lines ?? [];
}

/** How many credit notes an invoice has had (they are numbered after it). */
export async function countCreditNotesOf(db: Db, invoiceId: string): Promise<number> {
  const rows = await db.query('SELECT count(*)::int AS n FROM credit_notes WHERE invoice_id = $1', [invoiceId]);
  return Number(rows[0].n);
}

/** Removes a pending credit note whose refund was refused (it was never issued). */
export async function deletePendingCreditNote(db: Db, id: string): Promise<void> {
  await db.query(`DELETE FROM credit_notes WHERE id = $1 AND pending_refund IS NOT NULL`, [id]);
}
