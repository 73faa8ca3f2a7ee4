// Responding to a dispute: evidence and metadata updated, evidence submitted (judged by Stripe's
// test rule, see domain/disputes), or the dispute accepted (close → lost). A won dispute
// reinstates its amount and fee (charge.dispute.funds_reinstated); every outcome closes it
// (charge.dispute.closed). Events are at the customer's clock time.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { previousAttributes } from '../../core/previous-attributes.ts';
import { closeDispute, updateDispute, type DisputeChange, type EvidenceInput } from '../../domain/disputes/dispute-decisions.ts';
import { customerNow } from '../../payments/customer-time.ts';
import { getObject } from '../../store/objects.ts';
import { loadDispute, saveDispute } from './dispute-store.ts';

async function apply(ctx: ServiceContext, id: string, decide: (d: Stripe.Dispute, at: number) => DisputeChange): Promise<Stripe.Dispute> {
  const { customerId, ...before } = await loadDispute(ctx.db, id, { forUpdate: true });
  const at = await customerNow(ctx, customerId ? await getObject<Stripe.Customer>(ctx.db, 'customers', customerId) : null);
  const change = decide(before, at);
  if (!change.ok) throw invalidState(change.message, undefined, 'dispute_already_closed');
  const dispute: Stripe.Dispute = change.reinstated
    ? { ...change.dispute, balance_transactions: [...change.dispute.balance_transactions, { id: ctx.ids.next('txn'), ...change.reinstated }] }
    : change.dispute;
  await saveDispute(ctx.db, dispute);
  const opts = { at, customerId };
  const { balance_transactions: _b, ...prev } = previousAttributes(before, dispute);
  await recordEvent(ctx, 'charge.dispute.updated', dispute, { ...opts, previousAttributes: prev });
  if (change.reinstated) await recordEvent(ctx, 'charge.dispute.funds_reinstated', dispute, opts);
  if (change.closed) await recordEvent(ctx, 'charge.dispute.closed', dispute, opts);
  return dispute;
}

export function updateDisputeEvidence(ctx: ServiceContext, id: string, input: { evidence?: EvidenceInput; metadata?: Record<string, string>; submit?: boolean }): Promise<Stripe.Dispute> {
  return apply(ctx, id, (d, at) => updateDispute(d, input, at));
}

export function acceptDispute(ctx: ServiceContext, id: string): Promise<Stripe.Dispute> {
  return apply(ctx, id, (d) => closeDispute(d));
}
