// Updates a tax rate's descriptive fields and whether it is active; its percentage and
// inclusiveness never change, since invoices already carry it.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { applyTaxRateFields, type TaxRateFields } from './tax-rate-fields.ts';
import { loadTaxRate, saveTaxRate } from './tax-rate-store.ts';

export async function updateTaxRate(ctx: ServiceContext, id: string, input: TaxRateFields): Promise<Stripe.TaxRate> {
  const before = await loadTaxRate(ctx.db, id, { forUpdate: true });
  const after = applyTaxRateFields(before, input);
  const prev = previousAttributes(before, after);
  if (Object.keys(prev).length) {
    await saveTaxRate(ctx.db, after);
    await recordEvent(ctx, 'tax_rate.updated', after, { previousAttributes: prev });
  }
  return after;
}
