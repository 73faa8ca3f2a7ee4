// The invoice a preview shows, built in memory from decided lines, pending items and discounts with
// the same domain builders billing uses (draft, lines, totals) — nothing is stored. Reads only.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { CouponTerms } from '../../domain/discounts.ts';
import { discountApplies } from '../../domain/discounts.ts';
import type { InvoiceDiscount } from '../../domain/invoice-totals.ts';
import type { InvoiceLineDraft } from '../../domain/invoices/invoice-draft.ts';
import { newDraftInvoice } from '../../domain/billing/draft-invoice.ts';
import { buildLine, pendingItemLines } from '../../domain/billing/invoice-line.ts';
import { invoiceWithTotals } from '../../domain/billing/invoice-with-totals.ts';
import { lineSpecOf } from '../../domain/billing/item-lines.ts';
import { couponTerms, discountIds, idOf } from '../../domain/billing/stripe-terms.ts';

export type DiscountWithCoupon = { discount: Stripe.Discount; coupon: CouponTerms | null };

/** Discounts by id — stored ones, and those a preview built without storing — with their coupons' terms. */
export async function discountsWithCoupons(
  ctx: Pick<ServiceContext, 'db'>,
  ids: string[],
  built: Stripe.Discount[] = [],
): Promise<Map<string, DiscountWithCoupon>> {
  const byId = new Map(built.map((d) => [d.id, d]));
  const stored = ids.filter((id) => !byId.has(id));
  if (stored.length) {
    const rows = await ctx.db.query('SELECT id, data FROM discounts WHERE id = ANY($1)', [stored]);
    for (const r of rows) byId.set(r.id as string, r.data as Stripe.Discount);
  }
  const couponIds = [...new Set([...byId.values()].map((d) => idOf(d.source.coupon as string | { id: string })).filter((c): c is string => !!c))];
  const coupons = couponIds.length ? await ctx.db.query('SELECT id, data FROM coupons WHERE id = ANY($1)', [couponIds]) : [];
  const terms = new Map(coupons.map((r) => [r.id as string, couponTerms(r.data as Stripe.Coupon)]));
  const out = new Map<string, DiscountWithCoupon>();
  for (const [id, discount] of byId) out.set(id, { discount, coupon: terms.get(idOf(discount.source.coupon as string | { id: string }) ?? '') ?? null });
  return out;
}

/** A subscription's (or customer's) pending invoice items in a currency, read without locking. */
export async function pendingItemsOf(ctx: Pick<ServiceContext, 'db'>, customerId: string, currency: string, subscriptionId: string | null): Promise<Stripe.InvoiceItem[]> {
  const rows = await ctx.db.query(
    `SELECT data FROM invoice_items
      WHERE customer_id = $1 AND invoice_id IS NULL AND NOT deleted AND data->>'currency' = $2
        AND ${subscriptionId === null ? 'subscription_id IS NULL' : 'subscription_id = $3'}
      ORDER BY seq`,
    subscriptionId === null ? [customerId, currency] : [customerId, currency, subscriptionId],
  );
  return rows.map((r) => r.data as Stripe.InvoiceItem);
}

export interface PreviewDraftInput {
  customer: Stripe.Customer;
  customerTaxIds: Stripe.Invoice.CustomerTaxId[];
  subscription: Stripe.Subscription | null;
  billing_reason: Stripe.Invoice.BillingReason;
  currency: string;
  lines: InvoiceLineDraft[];
  pendingItems: Stripe.InvoiceItem[];
  /** The invoice's discounts: those in force at `period.start` apply. */
  discounts: Map<string, DiscountWithCoupon>;
  period: { start: number; end: number };
  invoice_period: { start: number; end: number };
}

/** The previewed invoice with its lines and totals, as a draft with an `upcoming_` id. */
export function previewDraft(ctx: Pick<ServiceContext, 'ids' | 'clock' | 'settings'>, input: PreviewDraftInput): Stripe.Invoice {
  const sub = input.subscription;
  const own = sub ? discountIds(sub.discounts as Array<string | { id: string }>) : [];
  const applying = own.flatMap((id) => {
    const d = input.discounts.get(id);
    return d?.coupon && discountApplies({ coupon: d.coupon, start: d.discount.start, end: d.discount.end }, input.period.start) ? [{ id, coupon: d.coupon }] : [];
  });
  const draft = newDraftInvoice({
    id: `upcoming_${ctx.ids.next('in')}`,
    created: ctx.clock.now(),
    customer: input.customer,
    customer_tax_ids: input.customerTaxIds,
    subscription: sub,
    billing_reason: input.billing_reason,
    currency: input.currency,
    collection_method: (sub?.collection_method as 'charge_automatically' | 'send_invoice' | undefined) ?? 'charge_automatically',
    default_payment_method: sub ? idOf(sub.default_payment_method as string | { id: string } | null) : null,
    discounts: applying.map((d) => d.id),
    default_tax_rates: sub?.default_tax_rates ?? [],
    period_start: input.invoice_period.start,
    period_end: input.invoice_period.end,
    auto_advance: false,
    automatically_finalizes_at: null,
    publicUrl: ctx.settings.publicUrl,
    description: sub?.description ?? null,
  });
  const stored = [
    ...input.lines.map((l) => buildLine(ctx.ids, draft, lineSpecOf(l, sub?.id ?? null))),
    ...pendingItemLines(ctx.ids, draft, input.pendingItems),
  ];
  const itemDiscounts = new Map<string, InvoiceDiscount>();
  for (const [id, d] of input.discounts) if (d.coupon) itemDiscounts.set(id, { id, coupon: d.coupon });
  const { invoice, lines } = invoiceWithTotals(draft, stored, applying, itemDiscounts);
  return present(invoice, lines.map((l) => l.line));
}

/** The previewed invoice as Stripe shows one: a draft, nothing paid, all its lines. */
export function present(invoice: Stripe.Invoice, lines: Stripe.InvoiceLineItem[]): Stripe.Invoice {
  return {
    ...invoice,
    status: 'draft',
    number: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    auto_advance: false,
    automatically_finalizes_at: null,
    amount_paid: 0,
    amount_remaining: invoice.amount_due,
    next_payment_attempt: null,
    lines: { object: 'list', data: lines, has_more: false, url: `/v1/invoices/${invoice.id}/lines` } as unknown as Stripe.ApiList<Stripe.InvoiceLineItem>,
  };
}
