// Puts a customer on a template in one step. With send_invoice, or when the account reviews first
// invoices, the first invoice stays a draft for finance; charging automatically needs a payment
// method, and the refusal says how to get one.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, RecurError } from '../../core/errors.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { createSubscriptionNow } from '../subscriptions/pay-subscription-change.ts';
import { loadAccountSettings } from '../account-settings/account-settings.ts';
import { loadTemplate } from './subscription-templates.ts';

export async function subscribeFromTemplate(ctx: ServiceContext, templateId: string, input: { customer: string }): Promise<Stripe.Subscription> {
  const template = await loadTemplate(ctx.db, templateId);
  if (!template.active) throw invalidRequest(`The template “${template.name}” is archived; restore it or choose another.`, 'id');
  const customer = await loadCustomer(ctx.db, input.customer, { param: 'customer' }).catch((e) => {
    throw e instanceof RecurError ? e.asInvalid() : e;
  });
  if (template.collection_method === 'charge_automatically' && !customer.invoice_settings?.default_payment_method)
    throw invalidRequest(
      `${customer.name ?? customer.email ?? customer.id} has no default payment method, and “${template.name}” charges automatically. Add a card to the customer first, or use a template that sends invoices.`,
      'customer',
      'payment_method_missing',
    );
  const settings = await loadAccountSettings(ctx.db);
  return createSubscriptionNow(ctx, {
    customer: customer.id,
    items: template.items.map((i) => ({ price: i.price, ...(i.quantity !== null ? { quantity: i.quantity } : {}) })),
    collection_method: template.collection_method,
    ...(template.days_until_due !== null ? { days_until_due: template.days_until_due } : {}),
    ...(template.trial_period_days ? { trial_period_days: template.trial_period_days } : {}),
    ...(template.coupon ? { discounts: [{ coupon: template.coupon }] } : {}),
    ...(template.default_tax_rates.length ? { default_tax_rates: template.default_tax_rates } : {}),
    metadata: { ...template.metadata, recur_template: template.id },
    first_invoice_review: template.collection_method === 'send_invoice' || settings.review_first_invoices,
  } as Parameters<typeof createSubscriptionNow>[1]);
}
