// Attaching a payment method to a customer: the card is validated by the gateway first (Stripe
// declines cards such as chargeDeclined here), and test ids like pm_card_visa become new objects.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { materializeTestPaymentMethod } from './create-payment-method.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { gatewayOf } from '../../payments/payment-gateway.ts';
import { customerIdOf, insertPaymentMethod, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';
import { isTestPaymentMethodId } from '../../payments/test-cards.ts';

export async function attachPaymentMethod(
  ctx: ServiceContext,
  id: string,
  customerId: string,
  opts: { param?: string; at?: number } = {},
): Promise<Stripe.PaymentMethod> {
  const param = opts.param ?? 'payment_method';
  const customer = await loadCustomer(ctx.db, customerId, { param: 'customer' });
  const at = opts.at ?? (await customerNow(ctx, customer));
  const materialized = materializeTestPaymentMethod(ctx, id, at, param);
  const pm = materialized ?? (await loadPaymentMethod(ctx.db, id, { param, forUpdate: true }));
  const owner = customerIdOf(pm);
  if (owner === customerId) return pm;
  if (owner)
    throw invalidRequest(
      'The payment method you provided has already been attached to a customer.',
      param,
      'payment_method_unexpected_state',
    );
  const gateway = gatewayOf(ctx);
  const verdict = gateway.verify ? await gateway.verify({ paymentMethod: pm, customerId }) : { status: 'succeeded' as const };
  if (verdict.status === 'failed')
    throw cardDeclined(verdict.message, verdict.code, verdict.decline_code, verdict.param ? { param: verdict.param } : {});
  const attached: Stripe.PaymentMethod = { ...pm, customer: customerId };
  if (materialized) await insertPaymentMethod(ctx.db, attached);
  else await savePaymentMethod(ctx.db, attached);
  await recordEvent(ctx, 'payment_method.attached', attached, { at, customerId });
  return attached;
}

/**
 * A payment method of this customer, for a parameter that names one: test ids are materialized
 * and attached; anything else must already be attached to the customer.
 */
export async function resolvePaymentMethod(
  ctx: ServiceContext,
  id: string,
  customerId: string,
  param: string,
  opts: { at?: number } = {},
): Promise<Stripe.PaymentMethod> {
  if (isTestPaymentMethodId(id)) return attachPaymentMethod(ctx, id, customerId, { param, at: opts.at });
  const pm = await loadPaymentMethod(ctx.db, id, { param });
  if (customerIdOf(pm) !== customerId)
    throw invalidRequest(
      `The customer does not have a payment method with the ID ${id}. The payment method must be attached to the customer.`,
      param,
    );
  return pm;
}
