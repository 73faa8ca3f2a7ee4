// One charge attempt on a PaymentIntent: the gateway's answer becomes a Charge, and the intent
// moves to succeeded or back to requires_payment_method with its last_payment_error.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import { recordEvent } from '../events/record-event.ts';
import { gatewayOf, type GatewayResult } from './payment-gateway.ts';
import { transitionPaymentIntent } from './payment-intent-transitions.ts';
import { newCharge } from './payment-objects.ts';
import { insertCharge, savePaymentIntent } from './payment-records-store.ts';

export interface PaymentError {
  code: string;
  decline_code?: string;
  message: string;
}

export interface CollectPaymentResult {
  paymentIntent: Stripe.PaymentIntent;
  charge: Stripe.Charge | null;
  succeeded: boolean;
  error: PaymentError | null;
}

const idOf = (v: string | { id: string } | null): string | null => (typeof v === 'string' ? v : (v?.id ?? null));

export async function attemptCharge(
  ctx: ServiceContext,
  intent: Stripe.PaymentIntent,
  pm: Stripe.PaymentMethod,
  at: number,
): Promise<CollectPaymentResult> {
  let pi = intent;
  const customerId = idOf(pi.customer as string | { id: string } | null);
  const attempts = await ctx.db.query('SELECT count(*)::int AS n FROM charges WHERE payment_intent_id = $1', [pi.id]);
  const result: GatewayResult = await gatewayOf(ctx).charge({
    amount: pi.amount,
    currency: pi.currency,
    paymentMethod: pm,
    customerId,
    description: pi.description,
    idempotencyKey: `${pi.id}:${attempts[0].n + 1}`,
  });
  const charge = newCharge(ctx, {
    amount: pi.amount,
    currency: pi.currency,
    customerId,
    description: pi.description,
    metadata: pi.metadata,
    paymentIntentId: pi.id,
    paymentMethod: pm,
    result,
    created: at,
  });
  await insertCharge(ctx.db, charge);
  const eventOpts = { at, customerId };

  if (result.status === 'succeeded') {
    await recordEvent(ctx, 'charge.succeeded', charge, eventOpts);
    pi = {
      ...transitionPaymentIntent(pi, 'succeeded'),
      amount_received: pi.amount,
      latest_charge: charge.id,
      payment_method: pm.id,
      last_payment_error: null,
    };
    await savePaymentIntent(ctx.db, pi);
    await recordEvent(ctx, 'payment_intent.succeeded', pi, eventOpts);
    return { paymentIntent: pi, charge, succeeded: true, error: null };
  }

  await recordEvent(ctx, 'charge.failed', charge, eventOpts);
  const decline = result.decline_code ? { decline_code: result.decline_code } : {};
  pi = {
    ...transitionPaymentIntent(pi, 'requires_payment_method'),
    latest_charge: charge.id,
    payment_method: null,
    last_payment_error: {
      type: 'card_error',
      charge: charge.id,
      code: result.code,
      ...decline,
      doc_url: `https://stripe.com/docs/error-codes/${result.code.replace(/_/g, '-')}`,
      message: result.message,
      payment_method: pm,
      payment_method_type: pm.type,
    },
  };
  await savePaymentIntent(ctx.db, pi);
  await recordEvent(ctx, 'payment_intent.payment_failed', pi, eventOpts);
  return { paymentIntent: pi, charge, succeeded: false, error: { code: result.code, ...decline, message: result.message } };
}
