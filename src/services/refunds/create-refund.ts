// Refunds a charge (or a payment intent's charge), in three phases like a charge so that money
// moves exactly once and no transaction spans the gateway call: (1) the refund is recorded
// pending and committed, the charge holding its amount; (2) the gateway is asked under a key
// derived from the refund's id; (3) the outcome, the charge's refunded amounts and the events are
// recorded in a second transaction. Must be called outside a transaction.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import type { RefundResult } from '../../core/gateway.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadPaymentIntent } from '../../payments/payment-records-store.ts';
import { loadPaymentMethodsById } from '../../payments/payment-attempt-store.ts';
import { testClockTime } from '../../store/customer-clock.ts';
import { checkRefund, refundAfterGateway } from '../../domain/refunds/refunds.ts';
import { insertRefund, loadChargeForUpdate, loadRefund, loadRefundsOfCharge, refreshChargeRefunds, refundObject, saveRefund } from './refund-store.ts';

export interface CreateRefundInput {
  charge?: string;
  payment_intent?: string;
  amount?: number;
  reason?: 'duplicate' | 'fraudulent' | 'requested_by_customer';
  metadata?: Record<string, string>;
}

const customerOf = (c: Stripe.Charge): string | null => (typeof c.customer === 'string' ? c.customer : (c.customer?.id ?? null));

/** The charge a refund request names: the charge itself, or the intent's successful charge. */
async function chargeToRefund(ctx: ServiceContext, input: CreateRefundInput): Promise<Stripe.Charge> {
  if (input.charge && input.payment_intent) throw invalidRequest('You can pass either charge or payment_intent, not both.', 'payment_intent');
  if (input.charge) return loadChargeForUpdate(ctx.db, input.charge, 'charge');
  if (!input.payment_intent) throw invalidRequest('One of charge or payment_intent is required.', 'charge', 'parameter_missing');
  const pi = await loadPaymentIntent(ctx.db, input.payment_intent, { param: 'payment_intent' });
  const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  if (pi.status !== 'succeeded' || !latest)
    throw invalidRequest(`PaymentIntent ${pi.id} does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
  return loadChargeForUpdate(ctx.db, latest, 'payment_intent');
}

/** The instant the refund is made at: its customer's test clock time, if any. */
async function refundTime(ctx: ServiceContext, customerId: string | null): Promise<number> {
  if (!customerId) return ctx.clock.now();
  const rows = await ctx.db.query('SELECT data->>\'test_clock\' AS clock FROM customers WHERE id = $1', [customerId]);
  return (await testClockTime(ctx.db, rows[0]?.clock ?? null)) ?? ctx.clock.now();
}

interface Begun {
  refund: Stripe.Refund;
  gatewayKey: string;
}

/** Phase 1: the refund recorded pending, the charge holding its amount (so a second refund cannot exceed it). */
async function beginRefund(ctx: ServiceContext, input: CreateRefundInput): Promise<Begun> {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const charge = await chargeToRefund(tx, input);
    if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has been disputed; respond to the dispute instead of refunding it.`, 'charge', 'charge_disputed');
    const check = checkRefund(charge, await loadRefundsOfCharge(db, charge.id), input.amount);
    if (!check.ok) throw invalidRequest(check.message, check.param, check.code);
    const [attempt] = await db.query('SELECT 1 FROM payment_attempts WHERE charge_id = $1', [charge.id]);
    if (!attempt) throw invalidRequest(`Charge ${charge.id} was not made through a gateway and cannot be refunded.`, 'charge', 'charge_not_refundable');
    const customer = customerOf(charge);
    const id = ctx.ids.next('re');
    const pmId = typeof charge.payment_method === 'string' ? charge.payment_method : null;
    const refund: Stripe.Refund = {
      id,
      object: 'refund',
      amount: check.amount,
      balance_transaction: null,
      charge: charge.id,
      created: await refundTime(tx, customer),
      currency: charge.currency,
      customer,
      customer_account: null,
      metadata: input.metadata ?? {},
      payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
      payment_method: pmId,
      reason: input.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'pending',
      transfer_reversal: null,
    };
    const gatewayKey = `recur:${id}`;
    await insertRefund(db, refund, gatewayKey);
    await refreshChargeRefunds(db, charge.id);
    return { refund, gatewayKey };
  });
}

/**
 * Phase 3: the gateway's answer recorded once (a refund finished meanwhile by another process is
 * left as it is), the charge's refunded amounts, and the events at the refund's instant.
 */
export async function finishRefund(ctx: ServiceContext, id: string, result: RefundResult): Promise<Stripe.Refund> {
  return ctx.db.transaction(async (db) => {
    const stored = await loadRefund(db, id, { forUpdate: true });
    if (!stored.processing) return refundObject(stored);
    const after = refundAfterGateway(refundObject(stored), result);
    await saveRefund(db, after, { done: true });
    const charge = await refreshChargeRefunds(db, after.charge as string);
    const opts = { at: after.created, customerId: after.customer as string | null };
    const tx = { ...ctx, db };
    await recordEvent(tx, 'refund.created', after, opts);
    if (after.status === 'failed') await recordEvent(tx, 'refund.failed', after, opts);
    else await recordEvent(tx, 'charge.refunded', charge, opts);
    return after;
  });
}

/**
 * Phase 2: asks the gateway to make the refund under its own key (again, for a refund found stuck:
 * the gateway answers a key it knows with the first outcome). Null when the outcome is unknown.
 */
export async function askGatewayToRefund(ctx: ServiceContext, refund: Stripe.Refund, gatewayKey: string): Promise<RefundResult | null> {
  const chargeId = refund.charge as string;
  const [attempt] = await ctx.db.query('SELECT gateway_key FROM payment_attempts WHERE charge_id = $1', [chargeId]);
  const pmId = typeof refund.payment_method === 'string' ? refund.payment_method : null;
  const paymentMethod = pmId ? ((await loadPaymentMethodsById(ctx.db, [pmId])).get(pmId) ?? null) : null;
  try {
    return await ctx.gateway.refund!({ chargeKey: attempt.gateway_key, amount: refund.amount, currency: refund.currency, paymentMethod, idempotencyKey: gatewayKey });
  } catch {
    return null;
  }
}

export async function createRefund(ctx: ServiceContext, input: CreateRefundInput): Promise<Stripe.Refund> {
  if (!ctx.gateway.refund) throw invalidRequest('The payment gateway cannot make refunds.', undefined, 'refund_unsupported');
  const begun = await beginRefund(ctx, input);
  const result = await askGatewayToRefund(ctx, begun.refund, begun.gatewayKey);
  // An unknown outcome leaves the refund pending, holding its amount; the engine asks again later.
  return result ? finishRefund(ctx, begun.refund.id, result) : begun.refund;
}
