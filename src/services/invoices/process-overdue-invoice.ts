// The engine's work on an open send_invoice invoice past its due date: once, `invoice.overdue`
// and the subscription past_due; then, `send_invoice_overdue_days` later, the end of its dunning (the same
// policy as exhausted retries). Each step is recorded once per invoice (invoice_dunning), so
// running this again after the invoice is saved (which schedules it at its due date) repeats
// nothing.
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadDunningPolicy, recordDunningStep } from '../../store/billing-settings-store.ts';
import { overdueEndsAt } from '../../domain/dunning/dunning-policy.ts';
import type { Invoice } from './invoice-store.ts';
import { runInvoiceHooks } from './invoice-hooks.ts';
import { endDunning } from './end-dunning.ts';

export async function processOverdueInvoice(ctx: ServiceContext, invoice: Invoice & { due_date: number }): Promise<void> {
  const now = ctx.clock.now();
  const endsAt = overdueEndsAt(await loadDunningPolicy(ctx.db), invoice.due_date);
  if (await recordDunningStep(ctx.db, invoice.id, 'overdue_at', now)) {
    await recordEvent(ctx, 'invoice.overdue', invoice);
    // The subscription follows its unpaid invoice as it does a failed charge: past_due.
    await runInvoiceHooks(ctx, 'paymentFailed', invoice);
  }
  if (now < endsAt) {
    await ctx.db.query('UPDATE invoices SET next_action_at = $2 WHERE id = $1', [invoice.id, endsAt]);
    return;
  }
  if (await recordDunningStep(ctx.db, invoice.id, 'ended_at', now)) await endDunning(ctx, [invoice]);
  await ctx.db.query('UPDATE invoices SET next_action_at = NULL WHERE id = $1', [invoice.id]);
}
