// One attempt to collect money from a customer: a PaymentIntent (new, or the one an invoice
// already has) and, when there is a payment method to try, a Charge through the gateway.
// Declines are outcomes, not errors: the caller decides what a failed attempt means.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import { invalidRequest } from '../core/errors.ts';
import { recordEvent } from '../events/record-event.ts';
import { loadCustomer } from '../store/customer-store.ts';
import { attemptCharge, type CollectPaymentResult, type PaymentError } from './attempt-charge.ts';
import { transitionPaymentIntent } from './payment-intent-transitions.ts';
import { newPaymentIntent } from './payment-objects.ts';
import { insertPaymentIntent, loadPaymentIntent, savePaymentIntent } from './payment-records-store.ts';

export interface CollectPaymentInput {
  customerId: string;
  amount: number;
  currency: string;
  /** The payment method to charge, resolved and attached by the caller (null: nothing to charge). */
  paymentMethod: Stripe.PaymentMethod | null;
  description: string | null;
  invoiceId?: string | null;
  at: number;
  metadata?: Record<string, string>;
  /** Re-attempt this intent; without it, an invoice's unfinished intent is reused. */
  paymentIntentId?: string | null;
}

export type { CollectPaymentResult, PaymentError };

/** What Stripe says when an invoice is paid for a customer with nothing to charge. */
export const NO_PAYMENT_METHOD: PaymentError = {
  code: 'resource_missing',
  message: 'This customer has no attached payment source or default payment method. Please consider adding a default payment method.',
};

export async function collectPayment(ctx: ServiceContext, input: CollectPaymentInput): Promise<CollectPaymentResult> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 1)
    throw invalidRequest('The amount to collect must be a positive integer in the currency\'s minor unit.', 'amount');
  await loadCustomer(ctx.db, input.customerId, { param: 'customer' });
  const pm = input.paymentMethod;
  let pi = await openPaymentIntent(ctx, input, pm);

  if (!pm) {
    if (pi.payment_method !== null || pi.status !== 'requires_payment_method') {
      pi = { ...transitionPaymentIntent(pi, 'requires_payment_method'), payment_method: null };
      await savePaymentIntent(ctx.db, pi);
    }
    return { paymentIntent: pi, charge: null, succeeded: false, error: NO_PAYMENT_METHOD };
  }

  return attemptCharge(ctx, pi, pm, input.at);
}

/** The intent this attempt belongs to: the one named, the invoice's unfinished one, or a new one. */
async function openPaymentIntent(
  ctx: ServiceContext,
  input: CollectPaymentInput,
  pm: Stripe.PaymentMethod | null,
): Promise<Stripe.PaymentIntent> {
  let existingId = input.paymentIntentId ?? null;
  if (!existingId && input.invoiceId) {
    const rows = await ctx.db.query(
      `SELECT id FROM payment_intents WHERE invoice_id = $1 AND status NOT IN ('succeeded', 'canceled') ORDER BY seq DESC LIMIT 1`,
      [input.invoiceId],
    );
    existingId = rows[0]?.id ?? null;
  }
  if (existingId) {
    const pi = await loadPaymentIntent(ctx.db, existingId, { param: 'payment_intent', forUpdate: true });
    if (pi.customer !== input.customerId)
      throw invalidRequest(`The PaymentIntent ${existingId} belongs to another customer.`, 'payment_intent');
    // The amount due may have changed since the last attempt (credits, partial payments).
    return { ...transitionPaymentIntent(pi, 'requires_confirmation'), amount: input.amount, currency: input.currency, payment_method: pm?.id ?? null };
  }
  const pi = newPaymentIntent(ctx, {
    amount: input.amount,
    currency: input.currency,
    customerId: input.customerId,
    description: input.description,
    metadata: input.metadata,
    paymentMethodId: pm?.id ?? null,
    created: input.at,
  });
  await insertPaymentIntent(ctx.db, pi, input.invoiceId ?? null);
  await recordEvent(ctx, 'payment_intent.created', pi, { at: input.at, customerId: input.customerId });
  return pi;
}
