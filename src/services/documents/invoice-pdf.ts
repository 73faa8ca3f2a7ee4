// The invoice as a PDF (pdfkit): the seller's details from the account settings, the customer, the
// lines, discounts, tax and totals, and what is paid and still due. Drafts have no PDF.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { loadAccountSettings, type AccountSettings } from '../account-settings/account-settings.ts';
import { formatMoney, formatDate } from './document-format.ts';
import { PdfLayout } from './pdf-layout.ts';

export interface InvoiceDocument {
  invoice: Stripe.Invoice;
  lines: Stripe.InvoiceLineItem[];
  customer: Stripe.Customer;
  seller: AccountSettings;
}

/** What a document of this invoice shows; a draft (or unknown id) is not found, as Stripe's links are. */
export async function loadInvoiceDocument(db: Db, id: string): Promise<InvoiceDocument> {
  const invoice = await loadInvoice(db, id).catch(() => null);
  if (!invoice || invoice.status === 'draft') throw resourceMissing('invoice', id);
  const lines = (await db.query('SELECT data FROM invoice_lines WHERE invoice_id = $1 ORDER BY seq', [id])).map((r) => r.data as Stripe.InvoiceLineItem);
  const customerId = typeof invoice.customer === 'string' ? invoice.customer : invoice.customer!.id;
  const customer = (await db.query('SELECT data FROM customers WHERE id = $1', [customerId]))[0]?.data as Stripe.Customer;
  return { invoice, lines, customer, seller: await loadAccountSettings(db) };
}

/** A tax line's label, with its rate when the rate is known. */
const taxLabel = (t: Stripe.Invoice.TotalTax) => {
  const pct = (t as any).tax_rate_details?.percentage_decimal;
  return `Tax${pct ? ` (${pct}%)` : ''}`;
};

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const { invoice: inv, lines, customer, seller } = doc;
  const page = new PdfLayout(`Invoice ${inv.number ?? inv.id}`, seller, inv.currency);
  page.heading(
    'Invoice',
    [
      ['Invoice number', inv.number ?? inv.id],
      ['Date of issue', formatDate(inv.status_transitions?.finalized_at ?? inv.created)],
      ['Date due', inv.due_date ? formatDate(inv.due_date) : null],
      ['Status', inv.status],
    ],
    seller,
    customer,
    inv.customer_tax_ids ?? [],
  );
  page.headline(`${formatMoney(inv.amount_remaining, inv.currency)} ${inv.status === 'paid' ? 'paid' : `due${inv.due_date ? ` ${formatDate(inv.due_date)}` : ''}`}`);
  page.lines(
    lines.map((l) => ({
      description: l.description ?? '',
      quantity: l.quantity ?? 1,
      unit_amount: l.quantity ? Math.round(l.amount / l.quantity) : l.amount,
      amount: l.amount,
      period: l.period,
    })),
  );
  page.total('Subtotal', inv.subtotal);
  for (const d of inv.total_discount_amounts ?? []) page.total('Discount', -d.amount);
  for (const t of inv.total_taxes ?? []) page.total(taxLabel(t), t.amount);
  page.total('Total', inv.total, true);
  if (inv.starting_balance) page.total('Applied balance', inv.amount_due - inv.total);
  page.total('Amount paid', inv.amount_paid);
  page.total('Amount due', inv.amount_remaining, true);
  const footer = inv.footer ?? customer?.invoice_settings?.footer;
  if (footer) page.note(footer);
  return page.finish();
}
