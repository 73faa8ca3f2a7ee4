// Capturing and canceling a PaymentIntent confirmed with capture_method manual. Both release or
// take money at the gateway, so they run in three phases: the capture (or cancellation) is
// recorded and committed under a key derived from the intent, the gateway is asked outside any
// transaction, and the outcome is recorded in a second transaction. Asking again while one is in
// flight asks the gateway again under the same key (it answers with the first outcome).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState } from '../../core/errors.ts';
import type { CancelResult, CaptureResult } from '../../core/gateway.ts';
import { recordEvent } from '../../events/record-event.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { transitionPaymentIntent } from '../../payments/payment-intent-transitions.ts';
import { invoiceIdOfPaymentIntent, loadCharge, loadPaymentIntent, savePaymentIntents } from '../../payments/payment-records-store.ts';
import { getObject } from '../../store/objects.ts';

type Kind = 'capture' | 'cancel';
type Reason = Stripe.PaymentIntentCancelParams.CancellationReason;

interface Begun {
  pi: Stripe.PaymentIntent;
  amount: number;
  chargeKey: string;
  gatewayKey: string;
}

const customerOf = (pi: Stripe.PaymentIntent): string | null => (typeof pi.customer === 'string' ? pi.customer : (pi.customer?.id ?? null));
const chargeIdOf = (pi: Stripe.PaymentIntent): string | null => (typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null));

async function timeOf(ctx: ServiceContext, pi: Stripe.PaymentIntent): Promise<number> {
  const id = customerOf(pi);
  return customerNow(ctx, id ? await getObject<Stripe.Customer>(ctx.db, 'customers', id) : null);
}

/** Phase 1: the capture or cancellation recorded (or the one already in flight found). */
async function begin(ctx: ServiceContext, id: string, kind: Kind, requested: number | undefined): Promise<Begun> {
  return ctx.db.transaction(async (db) => {
    const pi = await loadPaymentIntent(db, id, { forUpdate: true });
    const [inFlight] = await db.query(`SELECT kind, amount, charge_key, gateway_key, state FROM payment_captures WHERE payment_intent_id = $1`, [id]);
    if (inFlight?.state === 'processing' && inFlight.kind === kind)
      return { pi, amount: Number(inFlight.amount), chargeKey: inFlight.charge_key, gatewayKey: inFlight.gateway_key };
    if (pi.status !== 'requires_capture')
      throw invalidState(
        `This PaymentIntent could not be ${kind === 'capture' ? 'captured' : 'canceled'} because it has a status of ${pi.status}.${kind === 'capture' ? ' Only a PaymentIntent with one of the following statuses may be captured: requires_capture.' : ''}`,
        undefined,
        'payment_intent_unexpected_state',
      );
    if (inFlight) throw invalidState(`This PaymentIntent is being ${inFlight.kind === 'capture' ? 'captured' : 'canceled'}; try again shortly.`, undefined, 'payment_intent_unexpected_state');
    const amount = kind === 'capture' ? (requested ?? pi.amount_capturable) : 0;
    if (kind === 'capture' && (amount <= 0 || amount > pi.amount_capturable))
      throw invalidRequest(
        `The amount to capture (${amount}) must be positive and at most the amount capturable (${pi.amount_capturable}).`,
        'amount_to_capture',
        'amount_too_large',
      );
    const [attempt] = await db.query('SELECT gateway_key FROM payment_attempts WHERE charge_id = $1', [chargeIdOf(pi)]);
    const gatewayKey = `recur:${kind}:${pi.id}`;
    await db.query('INSERT INTO payment_captures (payment_intent_id, customer_id, kind, amount, charge_key, gateway_key) VALUES ($1, $2, $3, $4, $5, $6)', [
      pi.id,
      customerOf(pi),
      kind,
      amount,
      attempt.gateway_key,
      gatewayKey,
    ]);
    return { pi, amount, chargeKey: attempt.gateway_key as string, gatewayKey };
  });
}

/** Phase 3: the outcome recorded once; a refusal leaves the intent as it was and answers the error. */
async function finish(ctx: ServiceContext, begun: Begun, kind: Kind, result: CaptureResult | CancelResult, reason?: Reason): Promise<Stripe.PaymentIntent> {
  return ctx.db.transaction(async (db) => {
    const tx = { ...ctx, db };
    const pi = await loadPaymentIntent(db, begun.pi.id, { forUpdate: true });
    const [row] = await db.query(`SELECT state FROM payment_captures WHERE payment_intent_id = $1 FOR UPDATE`, [pi.id]);
    if (row?.state !== 'processing') return pi;
    if (result.status === 'failed') {
      await db.query('DELETE FROM payment_captures WHERE payment_intent_id = $1', [pi.id]);
      throw invalidState(result.message, kind === 'capture' ? 'amount_to_capture' : undefined, result.code);
    }
    await db.query(`UPDATE payment_captures SET state = 'done' WHERE payment_intent_id = $1`, [pi.id]);
    const at = await timeOf(tx, pi);
    const opts = { at, customerId: customerOf(pi) };
    const chargeId = chargeIdOf(pi)!;
    const charge = await loadCharge(db, chargeId);
    if (kind === 'capture') {
      const captured: Stripe.Charge = { ...charge, captured: true, amount_captured: begun.amount };
      const after: Stripe.PaymentIntent = { ...transitionPaymentIntent(pi, 'succeeded'), amount_received: begun.amount, amount_capturable: 0 };
      await db.query('UPDATE charges SET data = $2 WHERE id = $1', [chargeId, JSON.stringify(captured)]);
      await savePaymentIntents(db, [after]);
      await recordEvent(tx, 'charge.captured', captured, opts);
      await recordEvent(tx, 'payment_intent.succeeded', after, opts);
      return after;
    }
    // The authorization is released: the uncaptured charge shows it all given back, as in Stripe.
    const released: Stripe.Charge = { ...charge, refunded: true, amount_refunded: charge.amount };
    const after: Stripe.PaymentIntent = { ...transitionPaymentIntent(pi, 'canceled'), amount_capturable: 0, canceled_at: at, cancellation_reason: reason ?? null };
    await db.query('UPDATE charges SET data = $2 WHERE id = $1', [chargeId, JSON.stringify(released)]);
    await savePaymentIntents(db, [after]);
    await recordEvent(tx, 'payment_intent.canceled', after, opts);
    return after;
  });
}

/** POST /v1/payment_intents/:id/capture: takes `amount_to_capture` (default: all) of the authorization; the rest is released. */
export async function capturePaymentIntent(ctx: ServiceContext, id: string, input: { amount_to_capture?: number }): Promise<Stripe.PaymentIntent> {
  if (!ctx.gateway.capture) throw invalidRequest('The payment gateway cannot capture authorizations.', undefined, 'capture_unsupported');
  const begun = await begin(ctx, id, 'capture', input.amount_to_capture);
  let result: CaptureResult;
  try {
    result = await ctx.gateway.capture({ chargeKey: begun.chargeKey, amount: begun.amount, currency: begun.pi.currency, idempotencyKey: begun.gatewayKey });
  } catch {
    // Unknown outcome: the capture stays in flight; capturing again asks the gateway again under the same key.
    return loadPaymentIntent(ctx.db, id);
  }
  return finish(ctx, begun, 'capture', result);
}

/** Cancels an intent that has not succeeded; an authorization (requires_capture) is released at the gateway first. */
export async function cancelPaymentIntent(ctx: ServiceContext, id: string, input: { cancellation_reason?: Reason }): Promise<Stripe.PaymentIntent> {
  const current = await loadPaymentIntent(ctx.db, id);
  if (await invoiceIdOfPaymentIntent(ctx.db, id))
    throw invalidState('You cannot cancel this PaymentIntent because it was created by an invoice; void the invoice instead.', undefined, 'payment_intent_unexpected_state');
  if (current.status !== 'requires_capture') {
    return ctx.db.transaction(async (db) => {
      const tx = { ...ctx, db };
      const pi = await loadPaymentIntent(db, id, { forUpdate: true });
      if (pi.status === 'requires_capture') throw invalidState('This PaymentIntent was authorized meanwhile; cancel it again.', undefined, 'payment_intent_unexpected_state');
      if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status))
        throw invalidState(
          `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`,
          undefined,
          'payment_intent_unexpected_state',
        );
      const at = await timeOf(tx, pi);
      const after: Stripe.PaymentIntent = { ...transitionPaymentIntent(pi, 'canceled'), canceled_at: at, cancellation_reason: input.cancellation_reason ?? null, next_action: null };
      await savePaymentIntents(db, [after]);
      await recordEvent(tx, 'payment_intent.canceled', after, { at, customerId: customerOf(after) });
      return after;
    });
  }
  if (!ctx.gateway.cancel) throw invalidRequest('The payment gateway cannot release authorizations.', undefined, 'cancel_unsupported');
  const begun = await begin(ctx, id, 'cancel', undefined);
  let result: CancelResult;
  try {
    result = await ctx.gateway.cancel({ chargeKey: begun.chargeKey, idempotencyKey: begun.gatewayKey });
  } catch {
    return loadPaymentIntent(ctx.db, id);
  }
  return finish(ctx, begun, 'cancel', result, input.cancellation_reason);
}

/**
 * The engine's recovery of captures and cancellations left processing longer than `olderThan`
 * seconds (database time): each is asked again under its own key and its outcome recorded; returns
 * how many finished. Outside a transaction.
 */
export async function finishStuckCaptures(ctx: ServiceContext, opts: { olderThan: number; limit?: number }): Promise<number> {
  const rows = await ctx.db.query(
    `UPDATE payment_captures SET created = extract(epoch FROM clock_timestamp())
      WHERE payment_intent_id IN (SELECT payment_intent_id FROM payment_captures
                                   WHERE state = 'processing' AND created <= extract(epoch FROM clock_timestamp()) - $1
                                   ORDER BY created LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING payment_intent_id, kind`,
    [opts.olderThan, opts.limit ?? 100],
  );
  let finished = 0;
  for (const r of rows) {
    try {
      const pi = r.kind === 'capture' ? await capturePaymentIntent(ctx, r.payment_intent_id, {}) : await cancelPaymentIntent(ctx, r.payment_intent_id, {});
      if (pi.status !== 'requires_capture') finished++;
    } catch {
      // Refused by the gateway: the capture row is gone and the intent stays requires_capture.
      finished++;
    }
  }
  return finished;
}
