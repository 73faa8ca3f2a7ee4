// Finalizes many draft invoices in one transaction: their lines, discounts and customers (locked,
// in id order) are loaded with a few `= ANY` queries, the domain decides each at its own instant
// (number, totals, balance), and invoices, customers, changed lines and events are written with
// multi-row statements. Invoices that need more than a number and an open status — a customer
// balance to apply, nothing due, an invoice sent for payment — are handed back for the one-by-one
// path, as are those no longer drafts due to finalize.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { updateRows } from '../../store/multi-row.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import { finalizeInvoice, type Finalization } from '../../domain/billing/finalize-invoice.ts';
import type { StoredLine } from '../../domain/billing/invoice-line.ts';
import { discountIds } from '../../domain/billing/stripe-terms.ts';
import { customerIdOf, nextActionAt } from '../invoices/invoice-store.ts';
import { discountTerms } from '../invoices/recompute-invoice.ts';
import { recordDomainEvents, type BatchContext } from './renew-subscriptions.ts';
import { remeterDraftLines } from '../meters/remeter-draft-lines.ts';
import { applyCreditGrants } from '../credit-grants/apply-credit-grants.ts';
import { customerTaxIds } from '../../store/tax-id-store.ts';

export interface DueFinalization {
  invoice: Stripe.Invoice;
  at: number;
}

export interface FinalizedBatch {
  /** Open invoices to collect now (charge_automatically, an amount due), not saved yet: see saveFinalizedInvoices. */
  toCollect: Array<{ invoice: Stripe.Invoice; at: number }>;
  /** Invoices left for the one-by-one path, untouched. */
  others: DueFinalization[];
}

/** Whether the batch path finalizes this invoice: an automatic draft due to finalize at `at`. */
export function finalizesInBatch(i: Stripe.Invoice, at: number): boolean {
  return (
    i.status === 'draft' &&
    i.auto_advance === true &&
    i.collection_method === 'charge_automatically' &&
    i.automatically_finalizes_at !== null &&
    i.automatically_finalizes_at <= at
  );
}

async function loadLinesOf(db: Db, invoiceIds: string[]): Promise<Map<string, StoredLine[]>> {
  const rows = await db.query('SELECT invoice_id, data, tax_rates FROM invoice_lines WHERE invoice_id = ANY($1) ORDER BY seq', [invoiceIds]);
  const out = new Map<string, StoredLine[]>();
  for (const r of rows) {
    const list = out.get(r.invoice_id) ?? [];
    list.push({ line: r.data as Stripe.InvoiceLineItem, taxRates: r.tax_rates as Stripe.TaxRate[] });
    out.set(r.invoice_id, list);
  }
  return out;
}

/** The customers, locked for their invoice sequence and balance (in id order: no deadlock between engines). */
async function lockCustomers(db: Db, ids: string[]): Promise<Map<string, Stripe.Customer>> {
  const rows = await db.query('SELECT id, data FROM customers WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE', [[...new Set(ids)].sort()]);
  return new Map(rows.map((r) => [r.id as string, r.data as Stripe.Customer]));
}

export async function finalizeInvoices(ctx: BatchContext, tx: Db, due: DueFinalization[]): Promise<FinalizedBatch> {
  const batch = due.filter((d) => finalizesInBatch(d.invoice, d.at));
  const others = due.filter((d) => !finalizesInBatch(d.invoice, d.at));
  if (!batch.length) return { toCollect: [], others };

  const stored = await loadLinesOf(tx, batch.map((d) => d.invoice.id));
  const lines = await remeterDraftLines(ctx.usage, tx, batch.map((d) => ({ invoice: d.invoice, lines: stored.get(d.invoice.id) ?? [] })));
  const wanted = batch.flatMap((d) => [
    ...discountIds(d.invoice.discounts as Array<string | { id: string }>),
    ...(lines.get(d.invoice.id) ?? []).flatMap((l) => discountIds(l.line.discounts as string[])),
  ]);
  const discounts = new Map((await discountTerms(tx, [...new Set(wanted)])).map((d) => [d.id, d]));
  const ownDiscounts = (i: Stripe.Invoice) => discountIds(i.discounts as Array<string | { id: string }>).flatMap((id): InvoiceDiscount[] => (discounts.has(id) ? [discounts.get(id)!] : []));
  const credited = await applyCreditGrants(
    ctx,
    tx,
    batch.map((d) => ({ invoice: d.invoice, lines: lines.get(d.invoice.id) ?? [], invoiceDiscounts: ownDiscounts(d.invoice), lineDiscounts: discounts, at: d.at })),
  );
  const customers = await lockCustomers(tx, batch.map((d) => customerIdOf(d.invoice)));
  const taxIds = await customerTaxIds(tx, [...customers.keys()]);

  const decided: Array<{ at: number; f: Finalization }> = [];
  for (const d of batch) {
    const customer = customers.get(customerIdOf(d.invoice));
    if (!customer) {
      others.push(d);
      continue;
    }
    const f = finalizeInvoice(
      {
        invoice: d.invoice,
        lines: credited.get(d.invoice.id) ?? [],
        invoiceDiscounts: ownDiscounts(d.invoice),
        lineDiscounts: discounts,
        customer,
        customerTaxIds: taxIds.get(customer.id) ?? [],
        daysUntilDue: null,
      },
      d.at,
    );
    if (f.next !== 'collect' || f.balanceChange !== 0) {
      others.push(d);
      continue;
    }
    // Several invoices of one customer in a batch take consecutive numbers.
    customers.set(customer.id, f.customer);
    decided.push({ at: d.at, f });
  }

  await updateRows(
    tx,
    'invoice_lines',
    decided.flatMap(({ f }) => f.changedLines.map((l) => ({ id: l.line.id, data: l.line, tax_rates: l.taxRates }))),
    { data: 'jsonb', tax_rates: 'jsonb' },
  );
  const touched = new Set(decided.map(({ f }) => f.customer.id));
  await updateRows(tx, 'customers', [...touched].map((id) => ({ id, data: customers.get(id)! })), { data: 'jsonb' });
  for (const { f, at } of decided) await recordDomainEvents(ctx, tx, f.events, at);
  return { toCollect: decided.map(({ f, at }) => ({ invoice: f.invoice, at })), others };
}

/**
 * Saves finalized invoices. The batch leaves this to its caller: the payment attempt begun next
 * writes each invoice again anyway (attempted, its payment open), so only those it does not take
 * are saved here — one write of each invoice instead of two.
 */
export async function saveFinalizedInvoices(tx: Db, invoices: Stripe.Invoice[]): Promise<void> {
  await updateRows(
    tx,
    'invoices',
    invoices.map((i) => ({ id: i.id, data: i, next_action_at: nextActionAt(i) })),
    { data: 'jsonb', next_action_at: 'bigint' },
  );
}
