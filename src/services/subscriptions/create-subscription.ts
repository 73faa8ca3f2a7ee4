// Creates a subscription: resolves what the request names, lets the domain decide the subscription
// and its first invoice (domain/subscriptions/create-subscription.ts), persists both, then
// finalizes the first invoice and pays it when it can: the subscription is trialing, active, or
// incomplete when the first payment fails (with error_if_incomplete a failed payment refuses the
// whole request).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest, missingParam } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { decideSubscriptionCreate, type ResolvedSubscriptionCreate } from '../../domain/subscriptions/create-subscription.ts';
import type { SubscriptionDecision } from '../../domain/subscriptions/subscription-decision.ts';
import { finalizeWithAttempt } from '../invoices/finalize-invoice.ts';
import { loadInvoice } from '../invoices/invoice-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { loadCustomerParam } from './customer-param.ts';
import { checkItemsCompatible, resolveItemPrice, type ItemInput } from './subscription-item-input.ts';
import { buildItem } from './build-item.ts';
import { applyDiscountRequests, PERSIST, type DiscountRequest, type Resolution } from './subscription-discounts.ts';
import { addInvoiceItemLines, type AddInvoiceItemInput } from './add-invoice-items.ts';
import { productNames } from './subscription-lines.ts';
import { invoiceSubscription } from './subscription-invoice.ts';
import { insertSubscription, saveSubscription } from './subscription-store.ts';
import { awaitingFirstInvoiceReview } from '../../domain/subscriptions/first-invoice-review.ts';

export type PaymentBehavior = 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
export type MissingPaymentMethod = 'cancel' | 'pause' | 'create_invoice';

/** The request as it arrives: the domain's request with ids where the domain takes resolved objects. */
export type CreateSubscriptionInput = Omit<
  ResolvedSubscriptionCreate,
  'id' | 'customer' | 'items' | 'add_invoice_items' | 'discounts' | 'default_tax_rates' | 'default_payment_method'
> & {
  customer?: string;
  items?: ItemInput[];
  add_invoice_items?: AddInvoiceItemInput[];
  default_payment_method?: string;
  default_tax_rates?: string[] | null;
  discounts?: DiscountRequest[] | null;
  off_session?: boolean;
  payment_behavior?: PaymentBehavior;
  /** Recur: leave the first invoice a draft for finance to review and finalize (templates, seed 000). */
  first_invoice_review?: boolean;
};

export async function createSubscription(outer: ServiceContext, input: CreateSubscriptionInput): Promise<Stripe.Subscription> {
  if (input.customer === undefined) throw missingParam('customer');
  const customer = await loadCustomerParam(outer, input.customer, 'customer');
  const ctx = await contextForCustomer(outer, customer);
  const now = ctx.clock.now();
  const decision = await decideCreate(ctx, customer, input);
  let sub = decision.subscription;
  const first = decision.invoice;

  await insertSubscription(ctx.db, sub);
  // Nothing to bill now (flexible mode, metered prices only): no first invoice.
  if (!first) {
    await recordEvent(ctx, 'customer.subscription.created', sub, { at: now });
    return sub;
  }
  // The first invoice's outcome is decided here, not by the invoice hooks.
  const creating: ServiceContext = { ...ctx, creatingSubscription: sub.id };
  const made = await invoiceSubscription(creating, sub, customer, {
    billing_reason: first.billing_reason,
    billing_period_key: first.key,
    lines: first.lines,
    pending_items: first.pending_items,
    period: first.period,
    invoice_period: first.invoice_period,
  });
  sub = { ...made.subscription, latest_invoice: made.invoice.id };
  if (input.first_invoice_review) sub = awaitingFirstInvoiceReview(sub);
  else {
    const behavior = input.payment_behavior ?? 'allow_incomplete';
    const attempt = await finalizeWithAttempt(creating, made.invoice.id, { attemptPayment: behavior !== 'default_incomplete' });
    const invoice = attempt.invoice ?? (await loadInvoice(ctx.db, made.invoice.id));
    if (sub.status === 'incomplete' && invoice.status === 'paid') sub = { ...sub, status: 'active' };
    // A charge still to be made is judged after it is (createSubscriptionNow).
    if (sub.status === 'incomplete' && behavior === 'error_if_incomplete' && !attempt.pending) {
      const e = attempt.error;
      throw cardDeclined(e?.message ?? 'Your card was declined.', e?.code ?? 'card_declined', e?.decline_code, {
        ...(e?.charge ? { charge: e.charge } : {}),
      });
    }
  }
  await saveSubscription(ctx.db, sub);
  // The created event shows the subscription as its first payment left it.
  await recordEvent(ctx, 'customer.subscription.created', sub, { at: now });
  return sub;
}

/** Resolves what the request names (prices, tax rates, discounts, payment method) and asks the domain. */
export async function decideCreate(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  input: CreateSubscriptionInput,
  res: Resolution = PERSIST,
): Promise<SubscriptionDecision> {
  const now = ctx.clock.now();
  if (!input.items?.length) throw missingParam('items');
  if (input.items.length > 20) throw invalidRequest('A subscription can have at most 20 items.', 'items');
  const resolved = [];
  for (const [i, it] of input.items.entries()) {
    const param = `items[${i}]`;
    if (it.id !== undefined || it.deleted !== undefined) throw invalidRequest('Items of a new subscription cannot name an id.', `${param}[id]`);
    const price = await resolveItemPrice(ctx, it, param, res);
    if (!price) throw missingParam(`${param}[price]`);
    resolved.push({ input: it, price, param, quantityGiven: it.quantity !== undefined });
  }
  checkItemsCompatible(resolved, { mixedIntervals: (input.billing_mode?.type ?? 'flexible') === 'flexible' });

  const id = ctx.ids.next('sub');
  const currency = resolved[0].price.currency;
  const owner = { customer: customer.id, subscription: id, currency, at: now };
  const { customer: _c, items: _i, add_invoice_items, default_tax_rates, default_payment_method, discounts, off_session: _o, payment_behavior: _p, first_invoice_review: _r, ...rest } =
    input;
  const request = {
    ...rest,
    id,
    customer,
    items: [] as Stripe.SubscriptionItem[],
    default_tax_rates: await loadTaxRates(ctx.db, default_tax_rates ?? [], 'default_tax_rates'),
    default_payment_method: default_payment_method
      ? (await resolvePaymentMethod(ctx, default_payment_method, customer.id, 'default_payment_method', { at: now })).id
      : null,
  };
  // Periods are the domain's to decide; the items start with an empty one.
  for (const r of resolved)
    request.items.push(await buildItem(ctx, r.input, r.price, r.param, { subscription: id, owner, created: now, period: { start: now, end: now } }, res));
  const made = await applyDiscountRequests(ctx, discounts ?? [], [], owner, 'discounts', res);
  const extra = await addInvoiceItemLines(ctx, add_invoice_items ?? [], { id, currency, customer: customer.id }, now, res);
  const names = await productNames(ctx, request.items.map((i) => i.price));
  return decideSubscriptionCreate({ request: { ...request, discounts: made.map((d) => d.id), add_invoice_items: extra }, names, now });
}
