// The Stripe-shaped PaymentIntent and Charge objects an attempt to collect a payment produces.
import type Stripe from 'stripe';
import type { ServiceContext } from '../core/context.ts';
import type { GatewayFailure } from './payment-gateway.ts';

/** A charge's result as recorded: made, or failed (authentication required is recorded as a failure). */
type ChargeResult = { status: 'succeeded' } | GatewayFailure;

export interface NewPaymentIntent {
  amount: number;
  currency: string;
  customerId: string | null;
  description: string | null;
  metadata?: Record<string, string>;
  paymentMethodId: string | null;
  created: number;
}

export function newPaymentIntent(ctx: Pick<ServiceContext, 'ids'>, p: NewPaymentIntent): Stripe.PaymentIntent {
  const id = ctx.ids.next('pi');
  return {
    id,
    object: 'payment_intent',
    allowed_payment_method_types: null,
    amount: p.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: 'automatic',
    client_secret: `${id}_secret_${ctx.ids.next('s').slice(2)}`,
    confirmation_method: 'automatic',
    created: p.created,
    currency: p.currency,
    customer: p.customerId,
    customer_account: null,
    description: p.description,
    excluded_payment_method_types: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: p.metadata ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: p.paymentMethodId,
    payment_method_configuration_details: null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' },
    },
    payment_method_types: ['card'],
    payment_record: null,
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: p.paymentMethodId ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
}

export interface NewCharge {
  amount: number;
  currency: string;
  customerId: string | null;
  description: string | null;
  metadata?: Record<string, string>;
  paymentIntentId: string;
  paymentMethod: Stripe.PaymentMethod;
  result: ChargeResult;
  created: number;
}

/** Stripe's advice to the merchant for a decline: whether retrying can help. */
function adviceFor(declineCode: string | undefined): Stripe.Charge.Outcome.AdviceCode | null {
  if (!declineCode) return null;
  if (['lost_card', 'stolen_card', 'fraudulent', 'pickup_card'].includes(declineCode)) return 'do_not_try_again';
  if (['expired_card', 'incorrect_cvc', 'incorrect_number'].includes(declineCode)) return 'confirm_card_data';
  return 'try_again_later';
}

function outcomeOf(result: ChargeResult): Stripe.Charge.Outcome {
  if (result.status === 'succeeded')
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: null,
      risk_level: 'normal',
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  const reason = result.decline_code ?? result.code;
  return {
    advice_code: adviceFor(result.decline_code),
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason,
    risk_level: 'normal',
    seller_message:
      reason === 'generic_decline'
        ? 'The bank did not return any further details with this decline.'
        : `The bank returned the decline code \`${reason}\`.`,
    type: 'issuer_declined',
  };
}

function cardDetails(pm: Stripe.PaymentMethod, amount: number, succeeded: boolean): Stripe.Charge.PaymentMethodDetails {
  const card = pm.card;
  return {
    type: pm.type,
    ...(card
      ? {
          card: {
            amount_authorized: succeeded ? amount : null,
            authorization_code: null,
            brand: card.brand,
            checks: card.checks,
            country: card.country,
            electronic_commerce_indicator: null,
            exp_month: card.exp_month,
            exp_year: card.exp_year,
            fingerprint: card.fingerprint ?? null,
            funding: card.funding,
            installments: null,
            last4: card.last4,
            mandate: null,
            network: card.brand,
            network_transaction_id: null,
            regulated_status: card.regulated_status,
            three_d_secure: null,
            transaction_link_id: null,
            wallet: null,
          },
        }
      : {}),
  };
}

export function newCharge(ctx: Pick<ServiceContext, 'ids'>, c: NewCharge): Stripe.Charge {
  const succeeded = c.result.status === 'succeeded';
  const failure = c.result.status === 'failed' ? c.result : null;
  return {
    id: ctx.ids.next('ch'),
    object: 'charge',
    amount: c.amount,
    amount_captured: succeeded ? c.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: c.paymentMethod.billing_details,
    calculated_statement_descriptor: 'RECUR',
    captured: succeeded,
    created: c.created,
    currency: c.currency,
    customer: c.customerId,
    description: c.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: c.metadata ?? {},
    on_behalf_of: null,
    outcome: outcomeOf(c.result),
    paid: succeeded,
    payment_intent: c.paymentIntentId,
    payment_method: c.paymentMethod.id,
    payment_method_details: cardDetails(c.paymentMethod, c.amount, succeeded),
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: null,
  };
}
