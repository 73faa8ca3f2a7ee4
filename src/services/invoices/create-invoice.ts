// Creates a draft invoice: its lines, the customer's pending invoice items when asked, and totals.
// A subscription's period is invoiced once: the unique billing_period_key makes a second attempt
// fail with PeriodAlreadyInvoiced, leaving the transaction usable.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { insertInvoiceOnce, insertLine, saveInvoice, type Invoice } from './invoice-store.ts';
import { newDraftInvoice } from '../../domain/billing/draft-invoice.ts';
import { addLine, pendingItemLines } from './invoice-lines.ts';
import { lineSpecOf, type NewInvoiceLine } from '../../domain/billing/item-lines.ts';
import { recomputeInvoice } from './recompute-invoice.ts';
import { pendingInvoiceItems, saveInvoiceItem } from '../invoice-items/invoice-item-store.ts';
import { setInvoiceDiscounts, type InvoiceDiscountInput } from './invoice-discounts.ts';
import { customerTaxIdsOf } from '../../store/tax-id-store.ts';

export type { NewInvoiceLine };

export interface NewInvoiceInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  billing_reason: Stripe.Invoice.BillingReason;
  billing_period_key: string | null;
  currency: string;
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due: number | null;
  default_payment_method: string | null;
  lines: NewInvoiceLine[];
  pending_items: 'include' | 'exclude';
  discounts: Stripe.Discount[];
  default_tax_rates: Stripe.TaxRate[];
  period_start: number;
  period_end: number;
  auto_advance: boolean;
  automatically_finalizes_at: number | null;
  description?: string | null;
  metadata?: Record<string, string>;
  footer?: string | null;
  /** An explicit due date (send_invoice); otherwise it is set from days_until_due at finalization. */
  due_date?: number | null;
  /** With a subscription: take only that subscription's pending items (POST /v1/invoices with `subscription`). */
  pending_items_subscription_only?: boolean;
  /** Coupons or promotion codes to make into the invoice's own discounts (POST /v1/invoices `discounts`). */
  discount_inputs?: InvoiceDiscountInput[];
}

/** The invoice named by billing_period_key (a period, a change, a manual request) already exists. */
export class PeriodAlreadyInvoiced extends Error {
  constructor(
    /** The subscription, or the customer for an invoice without one. */
    readonly subscriptionId: string,
    readonly billingPeriodKey: string,
  ) {
    super(`${subscriptionId}: invoice ${billingPeriodKey} already exists`);
    this.name = 'PeriodAlreadyInvoiced';
  }
}

export const publicUrlOf = (ctx: Pick<ServiceContext, 'settings'>): string => ctx.settings.publicUrl;

export async function createInvoice(ctx: ServiceContext, input: NewInvoiceInput): Promise<Stripe.Invoice> {
  const now = ctx.clock.now();
  const id = ctx.ids.next('in');
  const c = input.customer;
  const sub = input.subscription;
  let invoice: Invoice = newDraftInvoice({
    id,
    created: now,
    customer: c,
    subscription: sub,
    billing_reason: input.billing_reason,
    currency: input.currency,
    collection_method: input.collection_method,
    default_payment_method: input.default_payment_method,
    discounts: input.discounts.map((d) => d.id),
    default_tax_rates: input.default_tax_rates,
    period_start: input.period_start,
    period_end: input.period_end,
    auto_advance: input.auto_advance,
    automatically_finalizes_at: input.automatically_finalizes_at,
    publicUrl: publicUrlOf(ctx),
    description: input.description,
    metadata: input.metadata,
    footer: input.footer,
    due_date: input.due_date,
    customer_tax_ids: await customerTaxIdsOf(ctx.db, c.id),
  });

  const inserted = await insertInvoiceOnce(ctx.db, invoice, {
    billing_period_key: input.billing_period_key,
    next_action_at: null,
    days_until_due: input.days_until_due,
  });
  if (!inserted) {
    if (input.billing_period_key !== null) throw new PeriodAlreadyInvoiced(sub?.id ?? c.id, input.billing_period_key);
    throw new Error(`invoice ${id} could not be inserted`);
  }

  for (const l of input.lines) await addLine(ctx, invoice, lineSpecOf(l, sub?.id ?? null));
  if (input.pending_items === 'include') {
    const items = await pendingInvoiceItems(ctx.db, c.id, input.currency, sub?.id ?? null, input.pending_items_subscription_only);
    for (const item of items) await saveInvoiceItem(ctx.db, { ...item, invoice: id });
    for (const stored of pendingItemLines(ctx.ids, invoice, items)) await insertLine(ctx.db, invoice, { ...stored, created: now });
  }

  if (input.discount_inputs?.length)
    invoice = await setInvoiceDiscounts(ctx, invoice, [...invoice.discounts.map((d) => ({ discount: d as string })), ...input.discount_inputs]);
  invoice = await recomputeInvoice(ctx.db, invoice);
  await saveInvoice(ctx.db, invoice);
  await recordEvent(ctx, 'invoice.created', invoice);
  return invoice;
}
