// Creates an invoice for a subscription: the subscription's collection settings, default tax rates
// and the discounts still in force for the period billed; a `once` discount is used up by the
// first invoice it takes something off.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { createInvoice, PeriodAlreadyInvoiced, type NewInvoiceLine } from '../invoices/create-invoice.ts';
import { discountIdsOf, discountsApplying, endDiscounts, expiredDiscounts, loadDiscounts } from './subscription-discounts.ts';

export interface SubscriptionInvoiceInput {
  billing_reason: Stripe.Invoice.BillingReason;
  billing_period_key: string | null;
  lines: NewInvoiceLine[];
  pending_items: 'include' | 'exclude';
  /** The period the invoice is for (its discounts are those in force at start). */
  period: { start: number; end: number };
  /** invoice.period_start / period_end as Stripe reports them. */
  invoice_period: { start: number; end: number };
  auto_advance?: boolean;
  automatically_finalizes_at?: number | null;
}

export async function invoiceSubscription(
  ctx: ServiceContext,
  sub: Stripe.Subscription,
  customer: Stripe.Customer,
  input: SubscriptionInvoiceInput,
): Promise<{ invoice: Stripe.Invoice; subscription: Stripe.Subscription; endedDiscounts: string[] }> {
  const discounts = await loadDiscounts(ctx, discountIdsOf(sub.discounts as Array<string | { id: string }>));
  const applying = await discountsApplying(ctx, discounts, input.period.start);
  const invoice = await createInvoice(ctx, {
    customer,
    subscription: sub,
    billing_reason: input.billing_reason,
    billing_period_key: input.billing_period_key,
    currency: sub.currency,
    collection_method: sub.collection_method as 'charge_automatically' | 'send_invoice',
    days_until_due: sub.days_until_due,
    default_payment_method: typeof sub.default_payment_method === 'string' ? sub.default_payment_method : (sub.default_payment_method?.id ?? null),
    lines: input.lines,
    pending_items: input.pending_items,
    pending_items_subscription_only: true,
    discounts: applying,
    default_tax_rates: sub.default_tax_rates ?? [],
    period_start: input.invoice_period.start,
    period_end: input.invoice_period.end,
    auto_advance: input.auto_advance ?? true,
    automatically_finalizes_at: input.automatically_finalizes_at ?? null,
    description: sub.description,
  }).catch((e) => {
    // Renewals expect the collision (the engine ran that period already); a change made again is refused.
    if (e instanceof PeriodAlreadyInvoiced && input.billing_reason !== 'subscription_cycle')
      throw invalidState(`The subscription ${sub.id} already has the invoice this change creates (${e.billingPeriodKey}).`);
    throw e;
  });
  const used = new Set(invoice.total_discount_amounts?.filter((d) => d.amount > 0).map((d) => (typeof d.discount === 'string' ? d.discount : d.discount.id)));
  const over = await expiredDiscounts(ctx, discounts.filter((d) => used.has(d.id) || (d.end !== null && d.end <= input.period.start)), input.period.start, {
    usedOnce: true,
  });
  if (!over.length) return { invoice, subscription: sub, endedDiscounts: [] };
  await endDiscounts(ctx, over, ctx.clock.now());
  const gone = new Set(over.map((d) => d.id));
  return {
    invoice,
    endedDiscounts: [...gone],
    subscription: { ...sub, discounts: discountIdsOf(sub.discounts as Array<string | { id: string }>).filter((id) => !gone.has(id)) },
  };
}
