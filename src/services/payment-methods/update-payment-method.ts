// Updates a saved payment method's billing details, metadata and card expiry.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { getObject } from '../../store/objects.ts';
import { validateExpiry } from '../../payments/card-details.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { applyPaymentMethodFields, type PaymentMethodFields } from './payment-method-fields.ts';
import { customerIdOf, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';

export interface UpdatePaymentMethodInput extends PaymentMethodFields {
  card?: { exp_month?: number; exp_year?: number };
}

export async function updatePaymentMethod(ctx: ServiceContext, id: string, input: UpdatePaymentMethodInput): Promise<Stripe.PaymentMethod> {
  const before = await loadPaymentMethod(ctx.db, id, { forUpdate: true });
  const customerId = customerIdOf(before);
  if (!customerId) throw invalidState('You must save this PaymentMethod to a customer before you can update it.');
  const customer = await getObject<Stripe.Customer>(ctx.db, 'customers', customerId);
  const at = await customerNow(ctx, customer);
  const { card, ...fields } = input;
  let after = applyPaymentMethodFields(before, fields);
  if (card && (card.exp_month !== undefined || card.exp_year !== undefined)) {
    if (!before.card) throw invalidState('Only card payment methods have an expiry date.', 'card');
    const month = card.exp_month ?? before.card.exp_month;
    const year = validateExpiry(month, card.exp_year ?? before.card.exp_year, at);
    after = { ...after, card: { ...before.card, exp_month: month, exp_year: year } };
  }
  const prev = previousAttributes(before as any, after as any);
  if (!Object.keys(prev).length) return before;
  await savePaymentMethod(ctx.db, after);
  await recordEvent(ctx, 'payment_method.updated', after, { at, customerId, previousAttributes: prev });
  return after;
}
