// POST /v1/payment_intents: creates an intent and, with confirm=true, charges it at once through
// the attempt protocol (the intent and its attempt are committed before the gateway is called).
// A decline is saved (intent and failed charge) and then answered with Stripe's 402 card_error.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { cardDeclined, invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { beginChargeAttempts, type ChargeAttempt, type ChargeOutcome } from '../../payments/attempt-protocol.ts';
import { completeInvoicePaymentAttempts } from '../invoices/finish-invoice-payment.ts';
import { loadPaymentIntent } from '../../payments/payment-records-store.ts';
import { materializeTestPaymentMethod } from '../payment-methods/create-payment-method.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { newPaymentIntent } from '../../payments/payment-objects.ts';
import { customerIdOf, insertPaymentMethod, loadPaymentMethod } from '../../payments/payment-method-store.ts';
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
  /** manual: confirming only authorizes; POST /capture takes the money. */
  capture_method?: 'automatic' | 'automatic_async' | 'manual';
  /** Where the 3-D Secure page sends the customer back. */
  return_url?: string;
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

/**
 * Phases 2 and 3 for an intent whose attempt was committed (none: the intent as it is). While the
 * gateway's answer is unknown the intent is answered in `processing`; the engine finishes it.
 */
export async function chargeBegunIntent(ctx: ServiceContext, pi: Stripe.PaymentIntent, attempts: ChargeAttempt[]): Promise<Stripe.PaymentIntent> {
  if (!attempts.length) return pi;
  const [finished] = await completeInvoicePaymentAttempts(ctx, attempts);
  if (finished?.outcome) return answerFor(finished.outcome);
  return loadPaymentIntent(ctx.db, pi.id);
}

/** The intent, or — for a declined attempt, already saved — Stripe's 402 naming the intent. */
export function answerFor(result: ChargeOutcome): Stripe.PaymentIntent {
  const pi = result.paymentIntent;
  // A card that needs 3-D Secure answers the intent in requires_action with its next_action, as Stripe does.
  if (result.succeeded || result.requiresAction || !result.error) return pi;
  const e = pi.last_payment_error;
  throw cardDeclined(result.error.message, result.error.code, result.error.decline_code, {
    charge: result.charge?.id,
    doc_url: e?.doc_url,
    payment_intent: pi,
    payment_method: e?.payment_method,
  });
}

export async function createPaymentIntent(ctx: ServiceContext, input: CreatePaymentIntentInput): Promise<Stripe.PaymentIntent> {
  const begun = await ctx.db.transaction(async (db) => {
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
      capture_method: input.capture_method ?? fresh.capture_method,
    };
    if (pi.capture_method === 'manual' && !ctx.gateway.authorize)
      throw invalidRequest('The payment gateway cannot authorize without capturing; capture_method manual is not available.', 'capture_method');
    await insertPaymentIntent(db, pi, null);
    await recordEvent(tx, 'payment_intent.created', pi, { at, customerId: customer?.id ?? null });
    if (!input.confirm || !pm) return { pi, attempts: [] };
    const saveMethodTo = customer && input.setup_future_usage && !customerIdOf(pm) ? customer.id : null;
    const attempts = await beginChargeAttempts(tx, [{ paymentIntent: pi, isNew: false, paymentMethod: pm, invoiceId: null, at, saveMethodTo, returnUrl: input.return_url }]);
    return { pi: attempts[0]?.paymentIntent ?? pi, attempts };
  });
  return chargeBegunIntent(ctx, begun.pi, begun.attempts);
}
