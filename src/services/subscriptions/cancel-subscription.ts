// Cancels a subscription now (DELETE /v1/subscriptions/:id, a customer's deletion, a due
// cancel_at): with `prorate` the unused time is credited, with `invoice_now` a final invoice bills
// pending items, usage to date and that credit (a negative total credits the customer's balance),
// otherwise the credit stays pending.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { contextAt, contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { finalizeInvoice } from '../invoices/finalize-invoice.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { voidInvoice } from '../invoices/void-invoice.ts';
import { currentPeriod, customerIdOf, loadSubscription, saveSubscription } from './subscription-store.ts';
import { isMetered, meteredLine, productNames, prorationCharges, prorationInvoiceLine, usageFor } from './subscription-lines.ts';
import { invoiceSubscription } from './subscription-invoice.ts';
import { pendProrations } from './proration-items.ts';
import { withStatus } from './subscription-status.ts';
import { cancellationKey } from '../../domain/invoices/invoice-keys.ts';

export interface CancelSubscriptionInput {
  invoice_now?: boolean;
  prorate?: boolean;
  cancellation_details?: { comment?: string | null; feedback?: string | null };
}

export async function cancelSubscription(
  outer: ServiceContext,
  id: string,
  input: CancelSubscriptionInput,
  opts: { reason?: Stripe.Subscription.CancellationDetails.Reason; at?: number } = {},
): Promise<Stripe.Subscription> {
  const before = await loadSubscription(outer.db, id, { forUpdate: true });
  if (before.status === 'canceled' || before.status === 'incomplete_expired')
    throw invalidState(`The subscription ${id} has already ended (${before.status}).`);
  const customer = await loadCustomer(outer.db, customerIdOf(before));
  // The engine runs due cancellations at their instant; requests act on the customer's clock.
  const ctx = opts.at !== undefined ? contextAt(outer, opts.at) : await contextForCustomer(outer, customer);
  const now = ctx.clock.now();
  let sub = before;

  const period = currentPeriod(sub);
  const billing = sub.status !== 'trialing' && sub.status !== 'incomplete' && period.end > now;
  const names = await productNames(ctx, sub.items.data.map((i) => i.price));
  const credits = input.prorate && billing ? prorationCharges(sub.items.data, [], period, now, names) : [];

  if (input.invoice_now && sub.status !== 'incomplete') {
    const usage = [];
    for (const item of sub.items.data.filter(isMetered)) {
      const q = await usageFor(ctx, item.id, { start: period.start, end: now });
      usage.push(meteredLine(item, names, { start: period.start, end: now }, q));
    }
    const made = await invoiceSubscription(ctx, sub, customer, {
      billing_reason: 'subscription_update',
      billing_period_key: cancellationKey(),
      lines: [...credits.map(prorationInvoiceLine), ...usage],
      pending_items: 'include',
      period: { start: now, end: period.end },
      invoice_period: { start: period.start, end: now },
    });
    await finalizeInvoice(ctx, made.invoice.id, { attemptPayment: true });
    sub = { ...made.subscription, latest_invoice: made.invoice.id };
  } else if (credits.length) {
    await pendProrations(ctx, customer, sub, credits);
  }

  // An incomplete subscription's first invoice will never be paid now.
  if (before.status === 'incomplete' && typeof before.latest_invoice === 'string') {
    const first = await loadInvoice(ctx.db, before.latest_invoice);
    if (first.status === 'open') await voidInvoice(ctx, first.id);
  }

  sub = {
    ...withStatus(sub, 'canceled'),
    canceled_at: now,
    ended_at: now,
    pause_collection: null,
    cancellation_details: {
      comment: input.cancellation_details?.comment ?? before.cancellation_details?.comment ?? null,
      feedback: (input.cancellation_details?.feedback ?? before.cancellation_details?.feedback ?? null) as Stripe.Subscription.CancellationDetails.Feedback | null,
      feedback_option: null,
      reason: opts.reason ?? 'cancellation_requested',
    },
  };
  await saveSubscription(ctx.db, sub);
  await recordEvent(ctx, 'customer.subscription.deleted', sub, { at: now });
  return sub;
}
