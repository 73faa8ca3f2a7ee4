// Updates an invoice: drafts are fully editable; once finalized only metadata and auto_advance
// change (amounts, collection and dates are fixed), as Stripe allows.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { resolvePaymentMethod } from '../payment-methods/attach-payment-method.ts';
import { customerIdOf, loadInvoiceForUpdate, saveInvoice, type Invoice } from './invoice-store.ts';
import { recomputeInvoice } from './recompute-invoice.ts';
import { setInvoiceDiscounts, type InvoiceDiscountInput } from './invoice-discounts.ts';
import { changed } from './settle-invoice.ts';

export interface UpdateInvoiceInput {
  auto_advance?: boolean;
  automatically_finalizes_at?: number;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  due_date?: number | null;
  description?: string | null;
  footer?: string | null;
  metadata?: MetadataInput;
  default_payment_method?: string | null;
  default_tax_rates?: string[] | null;
  discounts?: InvoiceDiscountInput[] | null;
}

const AFTER_FINALIZATION: ReadonlyArray<keyof UpdateInvoiceInput> = ['metadata', 'auto_advance'];

export async function updateDraftInvoice(ctx: ServiceContext, id: string, input: UpdateInvoiceInput): Promise<Stripe.Invoice> {
  const before = await loadInvoiceForUpdate(ctx.db, id);
  if (before.status !== 'draft') {
    const fixed = (Object.keys(input) as Array<keyof UpdateInvoiceInput>).find(
      (k) => input[k] !== undefined && !AFTER_FINALIZATION.includes(k),
    );
    if (fixed)
      throw invalidState(
        `You can only update ${fixed} on draft invoices; invoice ${id} is ${before.status}. Finalized invoices can only change metadata and auto_advance.`,
        fixed,
        'invoice_not_editable',
      );
  }
  let after: Invoice = {
    ...before,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    auto_advance: input.auto_advance ?? before.auto_advance,
    description: input.description === undefined ? before.description : input.description,
    footer: input.footer === undefined ? before.footer : input.footer,
    collection_method: input.collection_method ?? before.collection_method,
    due_date: input.due_date === undefined ? before.due_date : input.due_date,
    automatically_finalizes_at: input.automatically_finalizes_at ?? before.automatically_finalizes_at,
  };
  if (input.due_date !== undefined && input.due_date !== null && input.due_date <= ctx.clock.now())
    throw invalidRequest('due_date must be in the future.', 'due_date');
  if (after.collection_method === 'charge_automatically' && (input.due_date != null || input.days_until_due !== undefined))
    throw invalidRequest('due_date and days_until_due apply only to invoices with collection_method send_invoice.', input.due_date != null ? 'due_date' : 'days_until_due');
  if (after.collection_method === 'charge_automatically') after.due_date = null;
  if (input.days_until_due !== undefined) {
    await ctx.db.query('UPDATE invoices SET days_until_due = $2 WHERE id = $1', [id, input.days_until_due]);
    if (input.due_date === undefined) after.due_date = null;
  }
  if (input.default_payment_method !== undefined)
    after.default_payment_method = input.default_payment_method
      ? (await resolvePaymentMethod(ctx, input.default_payment_method, customerIdOf(before), 'default_payment_method')).id
      : null;
  let recompute = false;
  if (input.default_tax_rates !== undefined) {
    after.default_tax_rates = await loadTaxRates(ctx.db, input.default_tax_rates ?? [], 'default_tax_rates');
    recompute = true;
  }
  if (input.discounts !== undefined) {
    after = await setInvoiceDiscounts(ctx, after, input.discounts ?? []);
    recompute = true;
  }
  if (recompute) after = await recomputeInvoice(ctx.db, after);
  const prev = changed(before, after);
  await saveInvoice(ctx.db, after);
  if (Object.keys(prev).length) await recordEvent(ctx, 'invoice.updated', after, { previousAttributes: prev });
  return after;
}
