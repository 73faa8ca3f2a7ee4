// Loading and saving credit notes. A credit note is stored whole, with every line; the API embeds
// the first lines (as Stripe does) and pages the rest from the stored object.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { getObject, insertObject, updateObject } from '../../store/objects.ts';
import { resourceMissing } from '../../core/errors.ts';
import type { ListEnvelope } from '../../store/list.ts';

/** How many lines a credit note embeds (Stripe: the first ten). */
export const EMBEDDED_CREDIT_NOTE_LINES = 10;

/** A stored credit note keeps all its lines; `lines` in the API shows the first page. */
export type StoredCreditNote = Stripe.CreditNote & { all_lines?: Stripe.CreditNoteLineItem[] };

export const insertCreditNote = (db: Db, cn: Stripe.CreditNote, lines: Stripe.CreditNoteLineItem[]) =>
  insertObject(db, 'credit_notes', { ...cn, all_lines: lines } as StoredCreditNote);

export async function saveCreditNote(db: Db, cn: Stripe.CreditNote): Promise<void> {
  const stored = await loadStoredCreditNote(db, cn.id);
  await updateObject(db, 'credit_notes', { ...cn, all_lines: stored.all_lines } as StoredCreditNote);
}

async function loadStoredCreditNote(db: Db, id: string, opts: { forUpdate?: boolean; param?: string } = {}): Promise<StoredCreditNote> {
  const cn = await getObject<StoredCreditNote>(db, 'credit_notes', id, { forUpdate: opts.forUpdate });
  if (!cn) throw resourceMissing('credit note', id, opts.param ?? 'id');
  return cn;
}

/** The credit note as the API shows it. */
export function creditNoteObject(stored: StoredCreditNote): Stripe.CreditNote {
  const { all_lines: _all, ...cn } = stored;
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
