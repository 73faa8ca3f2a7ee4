// Updates a subscription: loads what the request names, lets the domain decide
// (domain/subscriptions/update-subscription.ts: items, proration_behavior, anchor, trial, cancel
// settings), and persists the decision with its events in the caller's transaction.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import {
  checkSubscriptionUpdate,
  decideSubscriptionUpdate,
  type ResolvedSubscriptionUpdate,
} from '../../domain/subscriptions/update-subscription.ts';
import type { SubscriptionDecision } from '../../domain/subscriptions/subscription-decision.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import type { ItemInput } from './subscription-item-input.ts';
import { applyItemChanges } from './apply-item-changes.ts';
import {
  applyDiscountRequests,
  discountIdsOf,
  endDiscounts,
  loadDiscounts,
  PERSIST,
  type DiscountRequest,
  type Resolution,
} from './subscription-discounts.ts';
import { addInvoiceItemLines, type AddInvoiceItemInput } from './add-invoice-items.ts';
import { meteredUsage, productNames } from './subscription-lines.ts';
import { persistDecision } from './persist-decision.ts';
import { debitLines } from './debit-lines.ts';
import { prorationDiscountTerms } from './proration-discount-terms.ts';
import { isFlexible } from '../../domain/subscriptions/billing-mode.ts';
import { customerIdOf, loadSubscription } from './subscription-store.ts';
import type { PaymentBehavior } from './create-subscription.ts';
import { retryAfterCardChange } from '../invoices/retry-after-card-change.ts';
import { paymentMethodIdOf as pmIdOf } from '../../domain/dunning/card-fix-retry.ts';

export type { ProrationBehavior } from '../../domain/subscriptions/update-subscription.ts';

/** The request as it arrives: the domain's request with ids where the domain takes resolved objects. */
export type UpdateSubscriptionInput = Omit<ResolvedSubscriptionUpdate, 'items' | 'add_invoice_items' | 'default_tax_rates' | 'default_payment_method' | 'discounts'> & {
  add_invoice_items?: AddInvoiceItemInput[];
  default_payment_method?: string | null;
  default_tax_rates?: string[] | null;
  discounts?: DiscountRequest[] | null;
  items?: ItemInput[];
  off_session?: boolean;
  payment_behavior?: PaymentBehavior;
  trial_from_plan?: boolean;
};

export interface UpdateResult {
  before: Stripe.Subscription;
  subscription: Stripe.Subscription;
  /** The invoice created at once, if any. */
  invoice: Stripe.Invoice | null;
}

export async function updateSubscription(ctx: ServiceContext, id: string, input: UpdateSubscriptionInput): Promise<Stripe.Subscription> {
  return (await applySubscriptionUpdate(ctx, id, input)).subscription;
}


export async function applySubscriptionUpdate(outer: ServiceContext, id: string, input: UpdateSubscriptionInput): Promise<UpdateResult> {
  const before = await loadSubscription(outer.db, id, { forUpdate: true });
  const customer = await loadCustomer(outer.db, customerIdOf(before));
  const ctx = await contextForCustomer(outer, customer);
  const decision = await decideUpdate(ctx, before, customer, input);
  const done = await persistDecision(ctx, customer, decision, { paymentBehavior: input.payment_behavior ?? 'allow_incomplete' });
  // A new default card on the subscription: its invoices in dunning are tried again at once with it.
  const pm = pmIdOf(done.subscription.default_payment_method);
  if (input.default_payment_method && pm && pm !== pmIdOf(before.default_payment_method))
    await retryAfterCardChange(ctx, customer.id, { subscriptionId: id, paymentMethod: pm });
  return { before, ...done };
}

/** Loads what the update needs and asks the domain; writes only what resolving references writes (new discounts, inline prices). */
export async function decideUpdate(
  ctx: ServiceContext,
  before: Stripe.Subscription,
  customer: Stripe.Customer,
  input: UpdateSubscriptionInput,
  res: Resolution = PERSIST,
): Promise<SubscriptionDecision> {
  const now = ctx.clock.now();
  checkSubscriptionUpdate(before, input as Record<string, unknown>, now);
  const request = await resolveUpdate(ctx, before, customer, input, now, res);
  const items = request.items ?? before.items.data;
  const names = await productNames(ctx, [...before.items.data, ...items].map((i) => i.price));
  const usage = await meteredUsage(ctx, before, now);
  const at = Math.min(now, input.proration_date ?? now);
  const flexible = isFlexible(before);
  const debits = flexible ? await debitLines(ctx.db, before, at) : [];
  const discounts = flexible ? await prorationDiscountTerms(ctx, { ...before, discounts: request.discounts ?? before.discounts }, items, at, res) : undefined;
  return decideSubscriptionUpdate({ subscription: before, request, names, usage, debits, discounts, now });
}

/** The request with every id it names resolved (and checked, errors naming their param). */
async function resolveUpdate(
  ctx: ServiceContext,
  before: Stripe.Subscription,
  customer: Stripe.Customer,
  input: UpdateSubscriptionInput,
  now: number,
  res: Resolution,
): Promise<ResolvedSubscriptionUpdate> {
  const { items, add_invoice_items, default_tax_rates, default_payment_method, discounts, off_session: _o, payment_behavior: _p, trial_from_plan: _t, ...rest } = input;
  const owner = { customer: customer.id, subscription: before.id, currency: before.currency, at: now };
  const out: ResolvedSubscriptionUpdate = { ...rest };
  if (items) out.items = await applyItemChanges(ctx, before, items, owner, 'items', res);
  if (default_tax_rates !== undefined) out.default_tax_rates = await loadTaxRates(ctx.db, default_tax_rates ?? [], 'default_tax_rates');
  if (default_payment_method !== undefined)
    out.default_payment_method =
      default_payment_method === null
        ? null
        : (await resolvePaymentMethod(ctx, default_payment_method, customer.id, 'default_payment_method', { at: now })).id;
  if (discounts !== undefined) {
    const existing = await loadDiscounts(ctx, discountIdsOf(before.discounts as Array<string | { id: string }>));
    const next = discounts === null ? [] : await applyDiscountRequests(ctx, discounts, existing, owner, 'discounts', res);
    if (res.persist) await endDiscounts(ctx, existing.filter((d) => !next.some((n) => n.id === d.id)), now);
    out.discounts = next.map((d) => d.id);
  }
  if (add_invoice_items?.length) out.add_invoice_items = await addInvoiceItemLines(ctx, add_invoice_items, before, now, res);
  return out;
}
