// What a customer does in the portal, each only on their own objects and only as the session's
// configuration allows: see invoices and subscriptions, replace the card, pay an open invoice,
// update billing details, cancel or resume, switch plan.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, permissionDenied, resourceMissing } from '../../core/errors.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { createPaymentMethod } from '../payment-methods/create-payment-method.ts';
import { attachPaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { updateCustomer } from '../customers/update-customer.ts';
import { payInvoiceNow } from '../invoices/pay-invoice.ts';
import { changeSubscriptionNow } from '../subscriptions/pay-subscription-change.ts';
import { updateSubscription } from '../subscriptions/update-subscription.ts';
import { cancelSubscription } from '../subscriptions/cancel-subscription.ts';
import { loadAccountSettings } from '../account-settings/account-settings.ts';
import type { PortalAccess } from './portal-sessions.ts';

export async function portalOverview(ctx: ServiceContext, access: PortalAccess) {
  const { customerId, configuration } = access;
  const customer = await loadCustomer(ctx.db, customerId);
  const invoices = configuration.features.invoice_history.enabled
    ? (await ctx.db.query("SELECT data FROM invoices WHERE customer_id = $1 AND status <> 'draft' ORDER BY seq DESC LIMIT 100", [customerId])).map((r) => r.data)
    : [];
  const subscriptions = (await ctx.db.query('SELECT data FROM subscriptions WHERE customer_id = $1 ORDER BY seq DESC LIMIT 50', [customerId])).map((r) => r.data);
  const cards = (await ctx.db.query('SELECT data FROM payment_methods WHERE customer_id = $1 ORDER BY seq DESC', [customerId])).map((r) => r.data);
  const update = configuration.features.subscription_update;
  const switchable = update.enabled
    ? (await ctx.db.query('SELECT data FROM prices WHERE id = ANY($1) AND active', [(update.products ?? []).flatMap((p) => p.prices)])).map((r) => r.data)
    : [];
  const seller = await loadAccountSettings(ctx.db);
  return {
    object: 'recur.portal',
    business_name: seller.business_name,
    return_url: access.returnUrl,
    features: configuration.features,
    customer: { id: customer.id, name: customer.name, email: customer.email, phone: customer.phone, address: customer.address, default_payment_method: customer.invoice_settings?.default_payment_method ?? null },
    invoices,
    subscriptions,
    payment_methods: cards,
    prices: switchable,
  };
}

async function ownSubscription(ctx: ServiceContext, access: PortalAccess, id: string): Promise<Stripe.Subscription> {
  const rows = await ctx.db.query('SELECT data FROM subscriptions WHERE id = $1 AND customer_id = $2', [id, access.customerId]);
  if (!rows[0]) throw resourceMissing('subscription', id);
  return rows[0].data;
}

export async function replaceCard(ctx: ServiceContext, access: PortalAccess, card: { number?: string; exp_month?: number; exp_year?: number; cvc?: string }) {
  if (!access.configuration.features.payment_method_update.enabled) throw permissionDenied('Updating the card is not offered here.');
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const pm = await createPaymentMethod(tx, { type: 'card', card } as any);
    await attachPaymentMethod(tx, pm.id, access.customerId);
    await updateCustomer(tx, access.customerId, { invoice_settings: { default_payment_method: pm.id } } as any);
    // Subscriptions that named a card of their own now use the new one.
    const subs = await db.query("SELECT id FROM subscriptions WHERE customer_id = $1 AND status NOT IN ('canceled', 'incomplete_expired') AND data->>'default_payment_method' IS NOT NULL", [access.customerId]);
    for (const s of subs) await updateSubscription(tx, s.id, { default_payment_method: pm.id } as any);
    return pm;
  });
}

export async function payOwnInvoice(ctx: ServiceContext, access: PortalAccess, invoiceId: string) {
  const rows = await ctx.db.query('SELECT status FROM invoices WHERE id = $1 AND customer_id = $2', [invoiceId, access.customerId]);
  if (!rows[0] || rows[0].status === 'draft') throw resourceMissing('invoice', invoiceId);
  if (rows[0].status !== 'open') throw invalidRequest(`This invoice is ${rows[0].status}; only open invoices can be paid.`, 'invoice');
  return payInvoiceNow(ctx, invoiceId, {});
}

export async function updateBillingDetails(ctx: ServiceContext, access: PortalAccess, input: { name?: string; email?: string; phone?: string; address?: Record<string, string> }) {
  const f = access.configuration.features.customer_update;
  if (!f.enabled) throw permissionDenied('Billing details cannot be changed here.');
  const change: Record<string, unknown> = {};
  for (const k of ['name', 'email', 'phone', 'address'] as const) {
    if (input[k] === undefined) continue;
    if (!f.allowed_updates.includes(k)) throw invalidRequest(`Your ${k} cannot be changed here.`, k);
    change[k] = input[k];
  }
  if (typeof change.email === 'string' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(change.email)) throw invalidRequest('Enter a valid email address.', 'email');
  return ctx.db.transaction((db) => updateCustomer({ ...ctx, db }, access.customerId, change as any));
}

export async function cancelOwnSubscription(ctx: ServiceContext, access: PortalAccess, id: string) {
  const f = access.configuration.features.subscription_cancel;
  if (!f.enabled) throw permissionDenied('Cancelling is not offered here; contact us.');
  await ownSubscription(ctx, access, id);
  if (f.mode === 'immediately')
    return changeSubscriptionNow(ctx, undefined, (tx) => cancelSubscription(tx, id, { prorate: f.proration_behavior !== 'none' } as any));
  return changeSubscriptionNow(ctx, undefined, (tx) => updateSubscription(tx, id, { cancel_at_period_end: true } as any));
}

export async function resumeOwnSubscription(ctx: ServiceContext, access: PortalAccess, id: string) {
  const sub = await ownSubscription(ctx, access, id);
  if (!sub.cancel_at_period_end) throw invalidRequest('This subscription is not set to cancel.', 'subscription');
  return changeSubscriptionNow(ctx, undefined, (tx) => updateSubscription(tx, id, { cancel_at_period_end: false } as any));
}

export async function switchOwnPlan(ctx: ServiceContext, access: PortalAccess, id: string, price: string) {
  const f = access.configuration.features.subscription_update;
  if (!f.enabled) throw permissionDenied('Changing plan is not offered here.');
  if (!(f.products ?? []).some((p) => p.prices.includes(price))) throw invalidRequest('That plan is not offered here.', 'price');
  const sub = await ownSubscription(ctx, access, id);
  const item = sub.items.data[0];
  return changeSubscriptionNow(ctx, undefined, (tx) =>
    updateSubscription(tx, id, { items: [{ id: item.id, price }], proration_behavior: f.proration_behavior } as any),
  );
}
