// POST /v1/payment_intents: creates an intent and, with confirm=true, charges it at once.
// A decline is saved (intent and failed charge) and then answered with Stripe's 402 card_error.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { attemptCharge, type CollectPaymentResult } from '../../payments/attempt-charge.ts';
import { materializeTestPaymentMethod } from '../payment-methods/create-payment-method.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { newPaymentIntent } from '../../payments/payment-objects.ts';
import { customerIdOf, insertPaymentMethod, loadPaymentMethod, savePaymentMethod } from '../../payments/payment-method-store.ts';
import { insertPaymentIntent } from '../../payments/payment-records-store.ts';

export interface CreatePaymentIntentInput {
  amount: number;
  currency: string;
  customer?: string;
  payment_method?: string;
  confirm?: boolean;
  description?: string;
  metadata?: MetadataInput;
  receipt_email?: string;
  allowed_payment_method_types?: string[];
  /** Saves a one-off payment method to the customer once the payment succeeds. */
  setup_future_usage?: 'off_session' | 'on_session';
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
}

/**
 * The payment method an intent may charge: one of its customer's, or one attached to nobody (used
 * once, as Stripe allows). Test ids become new unattached payment methods.
 */
export async function paymentMethodForIntent(
  ctx: ServiceContext,
  id: string,
  customerId: string | null,
  at: number,
): Promise<Stripe.PaymentMethod> {
  const materialized = materializeTestPaymentMethod(ctx, id, at, 'payment_method');
  if (materialized) {
    await insertPaymentMethod(ctx.db, materialized);
    return materialized;
  }
  const pm = await loadPaymentMethod(ctx.db, id, { param: 'payment_method' });
  const owner = customerIdOf(pm);
  if (owner && owner !== customerId)
    throw invalidRequest(
      `The PaymentMethod ${id} is attached to another customer; pass that customer, or a payment method of this one.`,
      'payment_method',
    );
  return pm;
}

export const missingPaymentMethod = () =>
  invalidRequest(
    "You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.",
    'payment_method',
    'payment_intent_unexpected_state',
  );

/** The intent, or — for a declined attempt, already saved — Stripe's 402 naming the intent. */
export function answerFor(outcome: { pi: Stripe.PaymentIntent; result: CollectPaymentResult | null }): Stripe.PaymentIntent {
  const { pi, result } = outcome;
  if (!result || result.succeeded || !result.error) return pi;
  const e = pi.last_payment_error;
  throw cardDeclined(result.error.message, result.error.code, result.error.decline_code, {
    charge: result.charge?.id,
    doc_url: e?.doc_url,
    payment_intent: pi,
    payment_method: e?.payment_method,
  });
}

export async function createPaymentIntent(ctx: ServiceContext, input: CreatePaymentIntentInput): Promise<Stripe.PaymentIntent> {
  const outcome = await ctx.db.transaction(async (db) => {
    const tx: ServiceContext = { ...ctx, db };
    const customer = input.customer ? await loadCustomer(db, input.customer, { param: 'customer' }) : null;
    const at = await customerNow(tx, customer);
    const pm = input.payment_method ? await paymentMethodForIntent(tx, input.payment_method, customer?.id ?? null, at) : null;
    if (input.confirm && !pm) throw missingPaymentMethod();
    const fresh = newPaymentIntent(tx, {
      amount: input.amount,
      currency: input.currency,
      customerId: customer?.id ?? null,
      description: input.description ?? null,
      metadata: mergeMetadata({}, input.metadata),
      paymentMethodId: pm?.id ?? null,
      created: at,
    });
    const pi: Stripe.PaymentIntent = {
      ...fresh,
      allowed_payment_method_types: input.allowed_payment_method_types ?? null,
      receipt_email: input.receipt_email ?? null,
      setup_future_usage: input.setup_future_usage ?? null,
      statement_descriptor: input.statement_descriptor ?? null,
      statement_descriptor_suffix: input.statement_descriptor_suffix ?? null,
    };
    await insertPaymentIntent(db, pi, null);
    await recordEvent(tx, 'payment_intent.created', pi, { at, customerId: customer?.id ?? null });
    if (!input.confirm || !pm) return { pi, result: null };
    const result = await attemptCharge(tx, pi, pm, at);
    if (result.succeeded && customer && input.setup_future_usage && !customerIdOf(pm)) {
      const saved: Stripe.PaymentMethod = { ...pm, customer: customer.id };
      await savePaymentMethod(db, saved);
      await recordEvent(tx, 'payment_method.attached', saved, { at, customerId: customer.id });
    }
    return { pi: result.paymentIntent, result };
  });
  return answerFor(outcome);
}
