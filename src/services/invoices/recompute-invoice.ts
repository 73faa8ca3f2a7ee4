// Recomputes a draft invoice's totals from its stored lines, discounts and tax rates: loads them,
// lets the domain compute (invoiceWithTotals), saves the lines whose discounts or taxes moved.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import { invoiceWithTotals } from '../../domain/billing/invoice-with-totals.ts';
import { couponTerms, discountIds } from '../../domain/billing/stripe-terms.ts';
import { loadLines, saveLine, type Invoice, type StoredLine } from './invoice-store.ts';

export { couponTerms, discountIds } from '../../domain/billing/stripe-terms.ts';

/** The discounts (by id) with their coupons' terms, in the order given; unknown ids are skipped. */
export async function discountTerms(db: Db, ids: string[]): Promise<InvoiceDiscount[]> {
  if (!ids.length) return [];
  const rows = await db.query(
    `SELECT d.id, c.data AS coupon FROM discounts d
       JOIN coupons c ON c.id = COALESCE(d.data->'source'->'coupon'->>'id', d.data->'source'->>'coupon')
      WHERE d.id = ANY($1)`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id as string, couponTerms(r.coupon as Stripe.Coupon)]));
  return ids.filter((id) => byId.has(id)).map((id) => ({ id, coupon: byId.get(id)! }));
}

/** What the domain needs to compute an invoice's totals: its lines and the discounts they name. */
export async function loadTotalsInput(
  db: Db,
  invoice: Invoice,
): Promise<{ lines: StoredLine[]; invoiceDiscounts: InvoiceDiscount[]; lineDiscounts: Map<string, InvoiceDiscount> }> {
  const lines = await loadLines(db, invoice.id);
  const invoiceDiscounts = await discountTerms(db, discountIds(invoice.discounts as Array<string | { id: string }>));
  const lineDiscounts = await discountTerms(db, [...new Set(lines.flatMap((s) => discountIds(s.line.discounts as string[])))]);
  return { lines, invoiceDiscounts, lineDiscounts: new Map(lineDiscounts.map((d) => [d.id, d])) };
}

/** Returns the invoice with fresh totals and lines envelope; lines are saved, the invoice is not. */
export async function recomputeInvoice(db: Db, invoice: Invoice): Promise<Invoice> {
  const t = await loadTotalsInput(db, invoice);
  const r = invoiceWithTotals(invoice, t.lines, t.invoiceDiscounts, t.lineDiscounts);
  // Only lines whose discounts or taxes moved are written again (finalizing an untouched draft writes none).
  for (const l of r.changed) await saveLine(db, l);
  return r.invoice;
}
