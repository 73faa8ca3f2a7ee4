// The credit note as a PDF: the seller, the customer, the invoice it credits, its lines and totals,
// and how it was settled — refunded to the card, credited to the balance, settled out of band, or
// taken off what the invoice still asked.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { loadAccountSettings, type AccountSettings } from '../account-settings/account-settings.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { creditNoteLines, loadCreditNote } from '../credit-notes/credit-note-store.ts';
import { formatDate, formatMoney } from './document-format.ts';
import { PdfLayout } from './pdf-layout.ts';

export interface CreditNoteDocument {
  creditNote: Stripe.CreditNote;
  lines: Stripe.CreditNoteLineItem[];
  invoiceNumber: string | null;
  /** The customer's tax ids as the credited invoice shows them. */
  customerTaxIds: Stripe.Invoice.CustomerTaxId[];
  customer: Stripe.Customer;
  seller: AccountSettings;
}

const idOf = (x: string | { id: string }) => (typeof x === 'string' ? x : x.id);

export async function loadCreditNoteDocument(db: Db, id: string): Promise<CreditNoteDocument> {
  const creditNote = await loadCreditNote(db, id);
  const lines = await creditNoteLines(db, id);
  const invoice = await loadInvoice(db, idOf(creditNote.invoice));
  const customer = (await db.query('SELECT data FROM customers WHERE id = $1', [idOf(creditNote.customer)]))[0]?.data as Stripe.Customer;
  return { creditNote, lines, invoiceNumber: invoice.number, customerTaxIds: invoice.customer_tax_ids ?? [], customer, seller: await loadAccountSettings(db) };
}

/** Where the credit note's money went, as amounts with what each means. */
export function creditNoteSettlement(cn: Stripe.CreditNote): Array<[string, number]> {
  const refunded = cn.refunds.reduce((s, r) => s + r.amount_refunded, 0);
  const outOfBand = cn.out_of_band_amount ?? 0;
  const toBalance = cn.post_payment_amount - refunded - outOfBand;
  const parts: Array<[string, number]> = [];
  if (cn.pre_payment_amount > 0) parts.push(['Taken off the amount due on the invoice', cn.pre_payment_amount]);
  if (refunded > 0) parts.push(['Refunded to the card', refunded]);
  if (toBalance > 0) parts.push(["Credited to the customer's balance", toBalance]);
  if (outOfBand > 0) parts.push(['Settled out of band', outOfBand]);
  return parts;
}

export async function renderCreditNotePdf(doc: CreditNoteDocument): Promise<Buffer> {
  const { creditNote: cn, lines, seller, customer } = doc;
  const page = new PdfLayout(`Credit note ${cn.number}`, seller, cn.currency);
  page.heading(
    'Credit note',
    [
      ['Credit note number', cn.number],
      ['Invoice', doc.invoiceNumber ?? idOf(cn.invoice)],
      ['Date of issue', formatDate(cn.effective_at ?? cn.created)],
      ['Reason', cn.reason?.replaceAll('_', ' ')],
      ['Status', cn.status === 'void' ? `void since ${formatDate(cn.voided_at)}` : cn.status],
    ],
    seller,
    customer,
    doc.customerTaxIds,
  );
  page.headline(`${formatMoney(cn.total, cn.currency)} credited`);
  page.lines(lines.map((l) => ({ description: l.description ?? '', quantity: l.quantity, unit_amount: l.unit_amount, amount: l.amount })));
  page.total('Subtotal', cn.subtotal);
  if (cn.discount_amount) page.total('Discount', -cn.discount_amount);
  for (const t of cn.total_taxes ?? []) page.total('Tax', t.amount);
  page.total('Total credited', cn.total, true);
  page.y += 10;
  for (const [label, amount] of creditNoteSettlement(cn)) page.total(label, amount);
  if (cn.memo) page.note(cn.memo);
  return page.finish();
}
