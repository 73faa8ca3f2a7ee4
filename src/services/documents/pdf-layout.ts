// The parts every Recur document PDF shares (pdfkit): the page, the heading with its facts, the
// seller from the account settings, the customer, a table of lines and right-aligned totals.
import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import type { AccountSettings } from '../account-settings/account-settings.ts';
import { formatMoney, formatDate } from './document-format.ts';
import { taxIdText } from '../../domain/tax-ids.ts';

const RIGHT = 545;

export interface DocumentLine {
  description: string;
  quantity: number | null;
  unit_amount: number | null;
  amount: number;
  period?: { start: number; end: number } | null;
}

const addressLines = (a: Partial<Stripe.Address> | null | undefined) =>
  a ? [a.line1, a.line2, [a.postal_code, a.city].filter(Boolean).join(' '), a.state, a.country].filter((x): x is string => !!x) : [];

/** A document being written: its pdfkit page, the current height and the currency it prints. */
/** pdfkit, loaded on the first document rather than at start-up (it and its fonts cost a tenth of a second). */
let pdfkit: typeof import('pdfkit') | undefined;
const PDFDocument = () => (pdfkit ??= createRequire(import.meta.url)('pdfkit') as typeof import('pdfkit'));

export class PdfLayout {
  readonly pdf: PDFKit.PDFDocument;
  y = 0;
  private readonly done: Promise<Buffer>;

  constructor(
    title: string,
    seller: AccountSettings,
    readonly currency: string,
  ) {
    this.pdf = new (PDFDocument())({ size: 'A4', margin: 50, info: { Title: title, Author: seller.business_name ?? 'Recur' } });
    const chunks: Buffer[] = [];
    this.pdf.on('data', (c: Buffer) => chunks.push(c));
    this.done = new Promise<Buffer>((resolve) => this.pdf.on('end', () => resolve(Buffer.concat(chunks))));
  }

  /** The title, the facts under it (label and value), the seller on the right and the customer, with its tax ids, below. */
  heading(
    title: string,
    facts: Array<[string, string | null | undefined]>,
    seller: AccountSettings,
    customer: Stripe.Customer | null | undefined,
    customerTaxIds: Stripe.Invoice.CustomerTaxId[] = [],
  ) {
    const pdf = this.pdf;
    pdf.fontSize(20).font('Helvetica-Bold').text(title, 50, 50);
    pdf.fontSize(9).font('Helvetica').fillColor('#555');
    facts
      .filter(([, value]) => !!value)
      .forEach(([label, value], k) => (k === 0 ? pdf.text(`${label}  ${value}`, 50, 80) : pdf.text(`${label}  ${value}`)));
    const sellerLines = [
      seller.business_name ?? 'Your business name (set in account settings)',
      ...addressLines(seller.address as any),
      seller.support_email,
      seller.support_phone,
      seller.tax_id ? `Tax id ${seller.tax_id}` : null,
    ].filter((x): x is string => !!x);
    pdf.fillColor('#000').font('Helvetica-Bold').text(sellerLines[0], 330, 80, { width: 215, align: 'right' });
    pdf.font('Helvetica').text(sellerLines.slice(1).join('\n'), { width: 215, align: 'right' });
    pdf.font('Helvetica-Bold').text('Bill to', 50, 170);
    const billTo = [customer?.name, customer?.email, ...addressLines(customer?.address), ...customerTaxIds.map(taxIdText)].filter(Boolean);
    pdf.font('Helvetica').text(billTo.join('\n'), 50, 184, { width: 250 });
    this.y = Math.max(260, pdf.y + 24);
  }

  /** The sentence in large type above the lines ("$30.00 paid", "$12.34 credited"). */
  headline(text: string) {
    this.pdf.fontSize(16).font('Helvetica-Bold').text(text, 50, this.y);
    this.y += 36;
  }

  lines(lines: DocumentLine[]) {
    const { pdf } = this;
    const cur = this.currency;
    pdf.fontSize(9).font('Helvetica-Bold');
    pdf.text('Description', 50, this.y).text('Qty', 330, this.y, { width: 40, align: 'right' }).text('Unit price', 380, this.y, { width: 75, align: 'right' }).text('Amount', 460, this.y, { width: 85, align: 'right' });
    this.y += 14;
    pdf.moveTo(50, this.y).lineTo(RIGHT, this.y).strokeColor('#ccc').stroke();
    this.y += 6;
    pdf.font('Helvetica');
    for (const l of lines) {
      const period = l.period ? `${formatDate(l.period.start)} – ${formatDate(l.period.end)}` : '';
      const h = Math.max(pdf.heightOfString(l.description, { width: 270 }) + (period ? 11 : 0), 12);
      if (this.y + h > 760) {
        pdf.addPage();
        this.y = 50;
      }
      pdf.fillColor('#000').text(l.description, 50, this.y, { width: 270 });
      if (period) pdf.fillColor('#777').text(period, 50, this.y + h - 11, { width: 270 });
      pdf.fillColor('#000').text(l.quantity === null ? '' : String(l.quantity), 330, this.y, { width: 40, align: 'right' });
      pdf.text(l.unit_amount === null ? '' : formatMoney(l.unit_amount, cur), 380, this.y, { width: 75, align: 'right' }).text(formatMoney(l.amount, cur), 460, this.y, { width: 85, align: 'right' });
      this.y += h + 8;
    }
    pdf.moveTo(300, this.y).lineTo(RIGHT, this.y).strokeColor('#ccc').stroke();
    this.y += 8;
  }

  total(label: string, amount: number, bold = false) {
    this.pdf.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(label, 300, this.y, { width: 155, align: 'right' }).text(formatMoney(amount, this.currency), 460, this.y, { width: 85, align: 'right' });
    this.y += 15;
  }

  /** A paragraph in small grey type below what is written so far. */
  note(text: string, at = this.y + 30) {
    this.pdf.font('Helvetica').fillColor('#555').text(text, 50, Math.min(at, 770), { width: 495 });
    this.y = this.pdf.y;
  }

  finish(): Promise<Buffer> {
    this.pdf.end();
    return this.done;
  }
}
