// Marks an open invoice uncollectible: no more automatic attempts; it can still be paid or voided.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadInvoiceForUpdate, saveInvoice } from './invoice-store.ts';
import { withStatus } from '../../domain/billing/invoice-status-change.ts';
import { changed } from './settle-invoice.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';

export async function markInvoiceUncollectible(ctx: ServiceContext, id: string): Promise<Stripe.Invoice> {
  const before = await loadInvoiceForUpdate(ctx.db, id);
  const after: Stripe.Invoice = {
    ...withStatus(before, 'uncollectible', 'mark uncollectible'),
    next_payment_attempt: null,
    status_transitions: { ...before.status_transitions, marked_uncollectible_at: ctx.clock.now() },
  };
  await saveInvoice(ctx.db, after);
  await recordEvent(ctx, 'invoice.updated', after, { previousAttributes: changed(before, after) });
  await recordEvent(ctx, 'invoice.marked_uncollectible', after);
  await runInvoiceHooks(ctx, 'markedUncollectible', after);
  return after;
}
