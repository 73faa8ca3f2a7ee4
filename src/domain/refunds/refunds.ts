// Refund arithmetic and decisions: how much of a charge can still be refunded, whether a
// requested refund fits, and the charge as its refunds leave it. Pure.
import type Stripe from 'stripe';

/** Refund statuses that hold money back from the charge (made, or on the way). */
const HOLDING: ReadonlySet<string> = new Set(['pending', 'succeeded', 'requires_action']);

export const holdsMoney = (r: Pick<Stripe.Refund, 'status'>): boolean => HOLDING.has(r.status ?? '');

/** What is left to refund on a charge, given every refund made on it so far. */
export function refundableAmount(charge: Pick<Stripe.Charge, 'amount_captured'>, refunds: Array<Pick<Stripe.Refund, 'amount' | 'status'>>): number {
  return charge.amount_captured - refunds.filter(holdsMoney).reduce((sum, r) => sum + r.amount, 0);
}

export type RefundCheck = { ok: true; amount: number } | { ok: false; param?: string; code?: string; message: string };

/** Whether `requested` (or, when absent, everything left) can be refunded from the charge. */
export function checkRefund(
  charge: Pick<Stripe.Charge, 'id' | 'status' | 'amount_captured' | 'currency'>,
  refunds: Array<Pick<Stripe.Refund, 'amount' | 'status'>>,
  requested: number | undefined,
): RefundCheck {
  if (charge.status !== 'succeeded') return { ok: false, param: 'charge', message: `Charge ${charge.id} has not succeeded and cannot be refunded.` };
  const left = refundableAmount(charge, refunds);
  if (left <= 0) return { ok: false, code: 'charge_already_refunded', message: `Charge ${charge.id} has already been refunded.` };
  if (requested === undefined) return { ok: true, amount: left };
  if (requested <= 0) return { ok: false, param: 'amount', message: 'The refund amount must be a positive integer.' };
  if (requested > left)
    return {
      ok: false,
      param: 'amount',
      code: 'amount_too_large',
      message: `Refund amount (${requested} ${charge.currency}) is greater than unrefunded amount on charge (${left} ${charge.currency}).`,
    };
  return { ok: true, amount: requested };
}

/** How many refunds a charge embeds (Stripe: the 10 most recent). */
export const EMBEDDED_REFUNDS = 10;

/** The charge with its refunds (all of them, oldest first): amount_refunded, refunded and the embedded list. */
export function chargeWithRefunds(charge: Stripe.Charge, refunds: Stripe.Refund[]): Stripe.Charge {
  const amountRefunded = refunds.filter(holdsMoney).reduce((sum, r) => sum + r.amount, 0);
  return {
    ...charge,
    amount_refunded: amountRefunded,
    refunded: amountRefunded > 0 && amountRefunded >= charge.amount_captured,
    refunds: {
      object: 'list',
      data: [...refunds].reverse().slice(0, EMBEDDED_REFUNDS),
      has_more: refunds.length > EMBEDDED_REFUNDS,
      url: `/v1/charges/${charge.id}/refunds`,
    } as Stripe.ApiList<Stripe.Refund>,
  };
}

/** A refund's status after the gateway answered. */
export function refundAfterGateway(refund: Stripe.Refund, result: { status: 'succeeded' | 'pending' } | { status: 'failed'; failure_reason: string }): Stripe.Refund {
  if (result.status === 'failed') return { ...refund, status: 'failed', failure_reason: result.failure_reason };
  return { ...refund, status: result.status };
}

/** Whether a refund can still be canceled (Stripe: only before the money left). */
export const cancelable = (r: Pick<Stripe.Refund, 'status'>): boolean => r.status === 'pending' || r.status === 'requires_action';
