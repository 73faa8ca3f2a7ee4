// Changes to a refund after it is made: its metadata, and canceling one still pending (the gateway
// is asked to stop it outside any transaction; the charge then no longer holds its amount).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { cancelable } from '../../domain/refunds/refunds.ts';
import { loadRefund, refreshChargeRefunds, refundObject, saveRefund } from './refund-store.ts';

const eventOpts = (r: Stripe.Refund, at: number) => ({ at, customerId: typeof r.customer === 'string' ? r.customer : null });

export async function updateRefund(ctx: ServiceContext, id: string, input: { metadata?: MetadataInput }): Promise<Stripe.Refund> {
  const before = refundObject(await loadRefund(ctx.db, id, { forUpdate: true }));
  const after: Stripe.Refund = { ...before, metadata: mergeMetadata(before.metadata ?? {}, input.metadata) };
  await saveRefund(ctx.db, after);
  await recordEvent(ctx, 'refund.updated', after, { ...eventOpts(after, ctx.clock.now()), previousAttributes: { metadata: before.metadata } });
  return after;
}

/** Cancels a pending refund. Must be called outside a transaction (the gateway is asked first). */
export async function cancelRefund(ctx: ServiceContext, id: string): Promise<Stripe.Refund> {
  const stored = await loadRefund(ctx.db, id);
  if (!cancelable(stored))
    throw invalidState(`Refund ${id} has a status of ${stored.status}; only a pending refund can be canceled.`, undefined, 'refund_not_cancelable');
  if (stored.processing) throw invalidState(`Refund ${id} is still being made; retrieve it to see its outcome.`, undefined, 'refund_not_cancelable');
  const stopped = ctx.gateway.cancelRefund ? await ctx.gateway.cancelRefund(stored.gatewayKey) : false;
  if (!stopped) throw invalidRequest(`Refund ${id} can no longer be canceled.`, undefined, 'refund_not_cancelable');
  return ctx.db.transaction(async (db) => {
    const before = refundObject(await loadRefund(db, id, { forUpdate: true }));
    if (!cancelable(before)) return before;
    const after: Stripe.Refund = { ...before, status: 'canceled' };
    await saveRefund(db, after);
    await refreshChargeRefunds(db, after.charge as string);
    const at = after.created;
    await recordEvent({ ...ctx, db }, 'refund.updated', after, { ...eventOpts(after, at), previousAttributes: { status: before.status } });
    return after;
  });
}
