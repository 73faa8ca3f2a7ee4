// Decides a cancellation now (DELETE /v1/subscriptions/:id, a customer's deletion, a due cancel_at):
// with `prorate` the unused time is credited; with `invoice_now` a final invoice bills pending
// items, usage to date and that credit (a negative total credits the customer's balance),
// otherwise the credit stays pending. Pure: usage to date and product names are passed in.
import type Stripe from 'stripe';
import { invalidState } from '../../core/errors.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import { cancellationKey } from '../invoices/invoice-keys.ts';
import { currentPeriod } from './current-period.ts';
import { isMetered, meteredLine, prorationCharges, prorationInvoiceLine, type ProductNames } from './subscription-lines.ts';
import type { SubscriptionDecision } from './subscription-decision.ts';
import { withStatus } from './subscription-status.ts';
import { isFlexible, prorationDiscountsOf } from './billing-mode.ts';
import { flexibleCredits, type DebitLine } from './flexible-credits.ts';

export interface CancellationRequest {
  invoice_now?: boolean;
  prorate?: boolean;
  cancellation_details?: { comment?: string | null; feedback?: string | null };
}

export interface CancellationData {
  subscription: Stripe.Subscription;
  request: CancellationRequest;
  reason: Stripe.Subscription.CancellationDetails.Reason;
  names: ProductNames;
  /** Usage of each metered item from the current period's start to now. */
  usage: Map<string, number>;
  /** The status of the subscription's latest invoice (an incomplete subscription's open first invoice is voided). */
  latestInvoiceStatus: Stripe.Invoice.Status | null;
  /** Flexible billing mode: the lines that debited the items for the current period, not yet credited. */
  debits?: DebitLine[];
  now: number;
}

export function decideCancellation(data: CancellationData): SubscriptionDecision {
  const { subscription: before, request, names, usage, now } = data;
  if (before.status === 'canceled' || before.status === 'incomplete_expired')
    throw invalidState(`The subscription ${before.id} has already ended (${before.status}).`);
  const period = currentPeriod(before);
  const billing = before.status !== 'trialing' && before.status !== 'incomplete' && period.end > now;
  const classic = request.prorate && billing ? prorationCharges(before.items.data, [], period, now, names).map(prorationInvoiceLine) : [];
  const mode = prorationDiscountsOf(before);
  const credits = isFlexible(before) && data.debits ? flexibleCredits(classic, data.debits, now, mode) : classic;

  let invoice: SubscriptionDecision['invoice'] = null;
  let pendingItems: InvoiceLineDraft[] = [];
  if (request.invoice_now && before.status !== 'incomplete') {
    const used = { start: period.start, end: now };
    // Usage over each item's own period so far (with mixed intervals it is not the subscription's).
    const metered = before.items.data
      .filter(isMetered)
      .map((item) => meteredLine(item, names, { start: item.current_period_start, end: now }, usage.get(item.id) ?? 0));
    invoice = {
      billing_reason: 'subscription_update',
      key: cancellationKey(),
      lines: [...credits, ...metered],
      pending_items: 'include',
      period: { start: now, end: period.end },
      invoice_period: used,
    };
  } else pendingItems = credits;

  const sub: Stripe.Subscription = {
    ...withStatus(before, 'canceled'),
    // A scheduled cancellation (cancel_at, cancel_at_period_end) keeps the time it was requested.
    canceled_at: before.cancel_at !== null && before.cancel_at <= now ? (before.canceled_at ?? now) : now,
    ended_at: now,
    pause_collection: null,
    cancellation_details: {
      comment: request.cancellation_details?.comment ?? before.cancellation_details?.comment ?? null,
      feedback: (request.cancellation_details?.feedback ?? before.cancellation_details?.feedback ?? null) as Stripe.Subscription.CancellationDetails.Feedback | null,
      feedback_option: null,
      reason: data.reason,
    },
  };
  const voidFirst = before.status === 'incomplete' && typeof before.latest_invoice === 'string' && data.latestInvoiceStatus === 'open';
  return {
    before,
    subscription: sub,
    invoice,
    pendingItems,
    events: [{ type: 'customer.subscription.deleted', object: sub }],
    voidInvoices: voidFirst ? [before.latest_invoice as string] : [],
  };
}
