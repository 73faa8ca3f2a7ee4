// The invoice as a PDF (pdfkit): the seller's details from the account settings, the customer, the
// lines, discounts, tax and totals, and what is paid and still due. Drafts have no PDF.
import PDFDocument from 'pdfkit';
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { loadAccountSettings, type AccountSettings } from '../account-settings/account-settings.ts';
import { formatMoney, formatDate } from './document-format.ts';

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

const addressLines = (a: Partial<Stripe.Address> | null | undefined) =>
  a ? [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(' '), a.state, a.country].filter((x): x is string => !!x) : [];

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const { invoice: inv, lines, customer, seller } = doc;
  const cur = inv.currency;
  const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Invoice ${inv.number ?? inv.id}`, Author: seller.business_name ?? 'Recur' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));

  const right = 545;
  pdf.fontSize(20).font('Helvetica-Bold').text('Invoice', 50, 50);
  pdf.fontSize(9).font('Helvetica').fillColor('#555');
  pdf.text(`Invoice number  ${inv.number ?? inv.id}`, 50, 80);
  pdf.text(`Date of issue  ${formatDate(inv.status_transitions?.finalized_at ?? inv.created)}`);
  if (inv.due_date) pdf.text(`Date due  ${formatDate(inv.due_date)}`);
  pdf.text(`Status  ${inv.status}`);

  const sellerLines = [seller.business_name ?? 'Your business name (set in account settings)', ...addressLines(seller.address as any), seller.support_email, seller.support_phone, seller.tax_id ? `Tax id ${seller.tax_id}` : null].filter(
    (x): x is string => !!x,
  );
  pdf.fillColor('#000').font('Helvetica-Bold').text(sellerLines[0], 330, 80, { width: 215, align: 'right' });
  pdf.font('Helvetica').text(sellerLines.slice(1).join('\n'), { width: 215, align: 'right' });

  pdf.font('Helvetica-Bold').text('Bill to', 50, 170);
  pdf.font('Helvetica').text([customer?.name, customer?.email, ...addressLines(customer?.address)].filter(Boolean).join('\n'), 50, 184, { width: 250 });

  let y = 260;
  pdf.fontSize(16).font('Helvetica-Bold').text(`${formatMoney(inv.amount_remaining, cur)} ${inv.status === 'paid' ? 'paid' : `due${inv.due_date ? ` ${formatDate(inv.due_date)}` : ''}`}`, 50, y);
  y += 36;
  pdf.fontSize(9).font('Helvetica-Bold');
  pdf.text('Description', 50, y).text('Qty', 330, y, { width: 40, align: 'right' }).text('Unit price', 380, y, { width: 75, align: 'right' }).text('Amount', 460, y, { width: 85, align: 'right' });
  y += 14;
  pdf.moveTo(50, y).lineTo(right, y).strokeColor('#ccc').stroke();
  y += 6;
  pdf.font('Helvetica');
  for (const l of lines) {
    const period = l.period ? `${formatDate(l.period.start)} – ${formatDate(l.period.end)}` : '';
    const unit = l.quantity ? Math.round(l.amount / l.quantity) : l.amount;
    const h = Math.max(pdf.heightOfString(l.description ?? '', { width: 270 }) + (period ? 11 : 0), 12);
    if (y + h > 760) {
      pdf.addPage();
      y = 50;
    }
    pdf.fillColor('#000').text(l.description ?? '', 50, y, { width: 270 });
    if (period) pdf.fillColor('#777').text(period, 50, y + h - 11, { width: 270 });
    pdf.fillColor('#000').text(String(l.quantity ?? 1), 330, y, { width: 40, align: 'right' });
    pdf.text(formatMoney(unit, cur), 380, y, { width: 75, align: 'right' }).text(formatMoney(l.amount, cur), 460, y, { width: 85, align: 'right' });
    y += h + 8;
  }
  pdf.moveTo(300, y).lineTo(right, y).strokeColor('#ccc').stroke();
  y += 8;
  const total = (label: string, amount: number, bold = false) => {
    pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, 300, y, { width: 155, align: 'right' }).text(formatMoney(amount, cur), 460, y, { width: 85, align: 'right' });
    y += 15;
  };
  total('Subtotal', inv.subtotal);
  for (const d of inv.total_discount_amounts ?? []) total('Discount', -d.amount);
  for (const t of inv.total_taxes ?? []) total(`Tax${(t as any).tax_rate_details?.percentage_decimal ? ` (${(t as any).tax_rate_details.percentage_decimal}%)` : ''}`, t.amount);
  total('Total', inv.total, true);
  if (inv.starting_balance) total('Applied balance', inv.amount_due - inv.total);
  total('Amount paid', inv.amount_paid);
  total('Amount due', inv.amount_remaining, true);
  if (inv.footer || customer?.invoice_settings?.footer) pdf.font('Helvetica').fillColor('#555').text(inv.footer ?? customer.invoice_settings.footer ?? '', 50, Math.min(y + 30, 770), { width: 495 });
  pdf.end();
  return done;
}
