// Detaching a payment method from its customer; a customer's default payment method is unset with it.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { getObject } from '../../store/objects.ts';
import { saveCustomer } from '../../store/customer-store.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { customerIdOf, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';

/** Hooks later layers register to run inside the detachment (e.g. unset a subscription's default). */
export const onPaymentMethodDetached: Array<
  (ctx: ServiceContext, pm: Stripe.PaymentMethod, customerId: string, at: number) => Promise<void>
> = [];

export async function detachPaymentMethod(ctx: ServiceContext, id: string): Promise<Stripe.PaymentMethod> {
  const pm = await loadPaymentMethod(ctx.db, id, { forUpdate: true });
  const customerId = customerIdOf(pm);
  if (!customerId)
    throw invalidState(
      'The payment method you provided is not attached to a customer so detachment is impossible.',
      undefined,
      'payment_method_unexpected_state',
    );
  const customer = await getObject<Stripe.Customer>(ctx.db, 'customers', customerId, { forUpdate: true });
  const at = await customerNow(ctx, customer);
  const detached: Stripe.PaymentMethod = { ...pm, customer: null };
  await savePaymentMethod(ctx.db, detached);
  await recordEvent(ctx, 'payment_method.detached', detached, { at, customerId, previousAttributes: { customer: customerId } });
  if (customer && customer.invoice_settings.default_payment_method === id) {
    const updated: Stripe.Customer = { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } };
    await saveCustomer(ctx.db, updated);
    await recordEvent(ctx, 'customer.updated', updated, { at, previousAttributes: { invoice_settings: { default_payment_method: id } } });
  }
  for (const hook of onPaymentMethodDetached) await hook(ctx, detached, customerId, at);
  return detached;
}
