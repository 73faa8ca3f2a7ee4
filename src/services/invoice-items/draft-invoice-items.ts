// Keeps a draft invoice's lines in step with the invoice items it holds: an item added, changed
// or deleted changes its line and the invoice's totals.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { saveInvoice, saveLine, type Invoice } from '../invoices/invoice-store.ts';
import { addLine, buildLine, lineSpecFromItem } from '../invoices/invoice-lines.ts';
import { recomputeInvoice } from '../invoices/recompute-invoice.ts';
import { changed } from '../invoices/settle-invoice.ts';

async function refresh(ctx: ServiceContext, before: Invoice): Promise<void> {
  const after = await recomputeInvoice(ctx.db, before);
  await saveInvoice(ctx.db, after);
  await recordEvent(ctx, 'invoice.updated', after, { previousAttributes: changed(before, after) });
}

async function lineIdOf(ctx: ServiceContext, invoiceId: string, itemId: string): Promise<string | null> {
  const rows = await ctx.db.query(
    `SELECT id FROM invoice_lines WHERE invoice_id = $1 AND COALESCE(
       data->'parent'->'invoice_item_details'->>'invoice_item', data->'parent'->'subscription_item_details'->>'invoice_item') = $2`,
    [invoiceId, itemId],
  );
  return rows[0]?.id ?? null;
}

export async function addItemToDraft(ctx: ServiceContext, draft: Invoice, item: Stripe.InvoiceItem): Promise<void> {
  await addLine(ctx, draft, lineSpecFromItem(item));
  await refresh(ctx, draft);
}

export async function updateItemOnDraft(ctx: ServiceContext, draft: Invoice, item: Stripe.InvoiceItem): Promise<void> {
  const id = await lineIdOf(ctx, draft.id, item.id);
  if (!id) return addItemToDraft(ctx, draft, item);
  const built = buildLine({ next: () => id }, draft, lineSpecFromItem(item));
  await saveLine(ctx.db, built);
  await refresh(ctx, draft);
}

export async function removeItemFromDraft(ctx: ServiceContext, draft: Invoice, itemId: string): Promise<void> {
  const id = await lineIdOf(ctx, draft.id, itemId);
  if (id) await ctx.db.query('DELETE FROM invoice_lines WHERE id = $1', [id]);
  await refresh(ctx, draft);
}
