// Adds a line (built by the domain from what is billed) to a draft invoice.
import type { ServiceContext } from '../../core/context.ts';
import { insertLine, type Invoice, type StoredLine } from './invoice-store.ts';
import { buildLine, type LineSpec } from '../../domain/billing/invoice-line.ts';

export { buildLine, lineSpecFromItem, pendingItemLines, type LineSpec } from '../../domain/billing/invoice-line.ts';

export async function addLine(ctx: ServiceContext, invoice: Invoice, s: LineSpec): Promise<StoredLine> {
  const stored = buildLine(ctx.ids, invoice, s);
  await insertLine(ctx.db, invoice, { ...stored, created: ctx.clock.now() });
  return stored;
}
