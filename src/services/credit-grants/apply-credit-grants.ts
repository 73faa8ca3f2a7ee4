// Applies customers' credit grants to drafts being finalized: each eligible line's amount after
// discounts is paid, before tax, from the usable grants in the domain's order; every application is
// a debit balance transaction naming the invoice and line, and shows on the line's
// pretax_credit_amounts (so the totals, the tax and the amount due follow).
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import type { ServiceContext } from '../../core/context.ts';
import { FixedClock } from '../../core/clock.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import type { StoredLine } from '../../domain/billing/invoice-line.ts';
import { invoiceWithTotals } from '../../domain/billing/invoice-with-totals.ts';
import { applyCredits } from '../../domain/usage/credit-application.ts';
import { grantState } from './grant-state.ts';
import { saveLine } from '../invoices/invoice-store.ts';
import { customerOfGrant, recordBalanceTransaction, remainingOf, type CreditGrant } from './credit-grant-store.ts';

export interface DraftToCredit {
  invoice: Stripe.Invoice;
  lines: StoredLine[];
  invoiceDiscounts: InvoiceDiscount[];
  lineDiscounts: ReadonlyMap<string, InvoiceDiscount>;
  /** The instant of the finalization. */
  at: number;
}

const customerOf = (i: Stripe.Invoice) => (typeof i.customer === 'string' ? i.customer : i.customer!.id);
const priceIdOf = (l: Stripe.InvoiceLineItem): string | null => {
  const p = l.pricing?.price_details?.price;
  return p ? (typeof p === 'string' ? p : p.id) : null;
};
const hasCredit = (l: Stripe.InvoiceLineItem) => (l.pretax_credit_amounts ?? []).some((c) => c.type === 'credit_balance_transaction');

/** The drafts' lines with credit applied (changed lines saved), by invoice id. */
export async function applyCreditGrants(ctx: Pick<ServiceContext, 'ids' | 'requestId' | 'idempotencyKey'>, db: Db, drafts: DraftToCredit[]): Promise<Map<string, StoredLine[]>> {
  const out = new Map(drafts.map((d) => [d.invoice.id, d.lines]));
  const candidates = drafts.filter((d) => d.invoice.status === 'draft' && d.lines.some((l) => l.line.amount > 0 && !hasCredit(l.line)));
  if (!candidates.length) return out;
  // Locked in id order: two finalizations of one customer apply its credit one after the other.
  const rows = await db.query('SELECT data FROM credit_grants WHERE customer_id = ANY($1) ORDER BY id FOR UPDATE', [[...new Set(candidates.map((d) => customerOf(d.invoice)))]]);
  if (!rows.length) return out;
  const grants = rows.map((r) => r.data as CreditGrant);
  const remaining = await remainingOf(db, grants.map((g) => g.id));
  const states = new Map(grants.map((g) => [g.id, grantState(g, remaining.get(g.id) ?? 0)]));
  const priceRows = await db.query('SELECT id, data FROM prices WHERE id = ANY($1)', [[...new Set(candidates.flatMap((d) => d.lines.map((l) => priceIdOf(l.line)).filter((p): p is string => !!p)))]]);
  const metered = new Set(priceRows.filter((r) => r.data.recurring?.usage_type === 'metered').map((r) => r.id as string));

  for (const d of candidates) {
    const customer = customerOf(d.invoice);
    const mine = grants.filter((g) => customerOfGrant(g) === customer).map((g) => states.get(g.id)!);
    if (!mine.length) continue;
    const discounted = invoiceWithTotals(d.invoice, d.lines, d.invoiceDiscounts, d.lineDiscounts).lines;
    const creditable = discounted
      .filter((l) => !hasCredit(l.line))
      .map((l) => ({
        id: l.line.id,
        priceId: priceIdOf(l.line),
        metered: metered.has(priceIdOf(l.line) ?? ''),
        net: l.line.amount - (l.line.discount_amounts ?? []).reduce((a, x) => a + x.amount, 0),
      }))
      .filter((l) => l.net > 0);
    const applications = applyCredits(mine, creditable, d.at, d.invoice.currency);
    if (!applications.length) continue;
    const byLine = new Map<string, Stripe.InvoiceLineItem.PretaxCreditAmount[]>();
    for (const a of applications) {
      const grant = grants.find((g) => g.id === a.grantId)!;
      states.get(a.grantId)!.remaining -= a.amount;
      const t = await recordBalanceTransaction(
        { ...ctx, db, clock: new FixedClock(d.at) },
        { grant, amount: -a.amount, at: d.at, created: d.at, kind: 'credits_applied', invoiceLine: { invoice: d.invoice.id, invoice_line_item: a.lineId } },
      );
      byLine.set(a.lineId, [...(byLine.get(a.lineId) ?? []), { amount: a.amount, credit_balance_transaction: t.id, type: 'credit_balance_transaction' }]);
    }
    const lines = d.lines.map((l) => {
      const credits = byLine.get(l.line.id);
      return credits ? { ...l, line: { ...l.line, pretax_credit_amounts: [...(l.line.pretax_credit_amounts ?? []), ...credits] } } : l;
    });
    for (const l of lines) if (byLine.has(l.line.id)) await saveLine(db, l);
    out.set(d.invoice.id, lines);
  }
  return out;
}
