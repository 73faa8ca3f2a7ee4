// Cancels a subscription now (DELETE /v1/subscriptions/:id, a customer's deletion, a due
// cancel_at): loads usage to date and the latest invoice's status, lets the domain decide
// (domain/subscriptions/cancel-subscription.ts) and persists the decision.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { contextAt, contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { decideCancellation, type CancellationRequest } from '../../domain/subscriptions/cancel-subscription.ts';
import type { SubscriptionDecision } from '../../domain/subscriptions/subscription-decision.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { customerIdOf, loadSubscription } from './subscription-store.ts';
import { meteredUsage, productNames } from './subscription-lines.ts';
import { persistDecision } from './persist-decision.ts';
import { debitLines } from './debit-lines.ts';
import { isFlexible } from '../../domain/subscriptions/billing-mode.ts';

export type CancelSubscriptionInput = CancellationRequest;

export async function cancelSubscription(
  outer: ServiceContext,
  id: string,
  input: CancelSubscriptionInput,
  opts: { reason?: Stripe.Subscription.CancellationDetails.Reason; at?: number } = {},
): Promise<Stripe.Subscription> {
  const before = await loadSubscription(outer.db, id, { forUpdate: true });
  const customer = await loadCustomer(outer.db, customerIdOf(before));
  // The engine runs due cancellations at their instant; requests act on the customer's clock.
  const ctx = opts.at !== undefined ? contextAt(outer, opts.at) : await contextForCustomer(outer, customer);
  const decision = await decideCancel(ctx, before, input, opts.reason ?? 'cancellation_requested');
  const done = await persistDecision(ctx, customer, decision, { paymentBehavior: 'allow_incomplete', at: ctx.clock.now() });
  return done.subscription;
}

/** Loads what a cancellation needs and asks the domain. */
export async function decideCancel(
  ctx: ServiceContext,
  before: Stripe.Subscription,
  input: CancelSubscriptionInput,
  reason: Stripe.Subscription.CancellationDetails.Reason,
): Promise<SubscriptionDecision> {
  const now = ctx.clock.now();
  const names = await productNames(ctx, before.items.data.map((i) => i.price));
  const usage = input.invoice_now ? await meteredUsage(ctx, before, now) : new Map<string, number>();
  const latest = typeof before.latest_invoice === 'string' && before.status === 'incomplete' ? await loadInvoice(ctx.db, before.latest_invoice) : null;
  const debits = input.prorate && isFlexible(before) ? await debitLines(ctx.db, before, now) : [];
  return decideCancellation({ subscription: before, request: input, reason, names, usage, debits, latestInvoiceStatus: latest?.status ?? null, now });
}
