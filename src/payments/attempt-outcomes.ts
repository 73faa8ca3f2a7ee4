// What phase 3 makes of a gateway's answer for one attempt: the Charge (uncaptured for an
// authorization, failed with authentication_required when the card needs 3-D Secure) and the
// intent's new state — succeeded, requires_capture, requires_action with its next_action, or back
// to requires_payment_method with last_payment_error. Used by attempt-protocol.ts.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import type { GatewayResult } from './payment-gateway.ts';
import { transitionPaymentIntent } from './payment-intent-transitions.ts';
import { newCharge } from './payment-objects.ts';
import type { ChargeAttempt } from './attempt-protocol.ts';

/** Whether the attempt only authorizes (capture_method manual): the amount is held until captured. */
export const authorizesOnly = (a: ChargeAttempt): boolean => a.paymentIntent.capture_method === 'manual';

export interface PaymentError {
  code: string;
  decline_code?: string;
  message: string;
}

/** The outcome of one attempt as phase 3 recorded it. */
export interface ChargeOutcome {
  attempt: ChargeAttempt;
  paymentIntent: Stripe.PaymentIntent;
  charge: Stripe.Charge;
  /** The money moved (or, for a manual-capture intent, is held: the intent requires_capture). */
  succeeded: boolean;
  /** The card needs its holder's authentication: the intent requires_action (the charge failed). */
  requiresAction: boolean;
  error: PaymentError | null;
}

/** How a charge that needs 3-D Secure is recorded while the customer has not authenticated. */
export const AUTHENTICATION_REQUIRED: PaymentError = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};

/** The page where the customer completes or fails a payment's authentication. */
export const authenticationUrl = (publicUrl: string, paymentIntentId: string): string => `${publicUrl.replace(/\/$/, '')}/recur/3ds/${paymentIntentId}`;

/** The Charge an attempt's result makes; an authorization only is an uncaptured charge. */
export function chargeOf(ctx: ServiceContext, a: ChargeAttempt, result: { status: 'succeeded' } | (PaymentError & { status: 'failed' })): Stripe.Charge {
  const charge = newCharge(ctx, {
    amount: a.paymentIntent.amount,
    currency: a.paymentIntent.currency,
    customerId: a.customerId,
    description: a.paymentIntent.description,
    metadata: a.paymentIntent.metadata,
    paymentIntentId: a.paymentIntentId,
    paymentMethod: a.paymentMethod,
    result,
    created: a.at,
  });
  return result.status === 'succeeded' && authorizesOnly(a) ? { ...charge, captured: false, amount_captured: 0 } : charge;
}

export function outcomeOf(ctx: ServiceContext, attempt: ChargeAttempt, result: GatewayResult, charge: Stripe.Charge): ChargeOutcome {
  const pi = attempt.paymentIntent;
  const pm = attempt.paymentMethod;
  const base = { attempt, charge, requiresAction: false };
  if (result.status === 'succeeded' && authorizesOnly(attempt)) {
    const paymentIntent: Stripe.PaymentIntent = {
      ...transitionPaymentIntent(pi, 'requires_capture'),
      amount_capturable: pi.amount,
      latest_charge: charge.id,
      payment_method: pm.id,
      last_payment_error: null,
      next_action: null,
    };
    return { ...base, paymentIntent, succeeded: true, error: null };
  }
  if (result.status === 'succeeded') {
    const paymentIntent: Stripe.PaymentIntent = {
      ...transitionPaymentIntent(pi, 'succeeded'),
      amount_received: pi.amount,
      latest_charge: charge.id,
      payment_method: pm.id,
      last_payment_error: null,
      next_action: null,
    };
    return { ...base, paymentIntent, succeeded: true, error: null };
  }
  const failure: PaymentError = result.status === 'requires_action' ? AUTHENTICATION_REQUIRED : result;
  const decline = failure.decline_code ? { decline_code: failure.decline_code } : {};
  const lastError: Stripe.PaymentIntent.LastPaymentError = {
    type: 'card_error',
    charge: charge.id,
    code: failure.code as Stripe.PaymentIntent.LastPaymentError.Code,
    ...decline,
    doc_url: `https://stripe.com/docs/error-codes/${failure.code.replace(/_/g, '-')}`,
    message: failure.message,
    payment_method: pm,
    payment_method_type: pm.type,
  };
  if (result.status === 'requires_action') {
    // The payment waits for the customer to authenticate on Recur's page; the card stays on the intent.
    const paymentIntent: Stripe.PaymentIntent = {
      ...transitionPaymentIntent(pi, 'requires_action'),
      latest_charge: charge.id,
      payment_method: pm.id,
      last_payment_error: lastError,
      next_action: {
        type: 'redirect_to_url',
        redirect_to_url: { url: authenticationUrl(ctx.settings.publicUrl, pi.id), return_url: attempt.returnUrl ?? null },
      },
    };
    return { ...base, paymentIntent, succeeded: false, requiresAction: true, error: { code: failure.code, ...decline, message: failure.message } };
  }
  const paymentIntent: Stripe.PaymentIntent = {
    ...transitionPaymentIntent(pi, 'requires_payment_method'),
    latest_charge: charge.id,
    payment_method: null,
    last_payment_error: lastError,
    next_action: null,
  };
  return { ...base, paymentIntent, succeeded: false, error: { code: failure.code, ...decline, message: failure.message } };
}
