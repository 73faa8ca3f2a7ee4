// Updates an invoice item while it is pending or on a draft invoice (whose line follows it).
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidState } from '../../core/errors.ts';
import { recordEvent, previousAttributes } from '../../events/record-event.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { wireDecimal } from '../prices/price-amounts.ts';
import { loadPrice, productIdOf } from '../prices/price-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';
import { loadInvoiceForUpdate, type Invoice } from '../invoices/invoice-store.ts';
import { markDeleted } from '../../store/objects.ts';
import { loadInvoiceItem, saveInvoiceItem } from './invoice-item-store.ts';
import { itemAmount } from './create-invoice-item.ts';
import { removeItemFromDraft, updateItemOnDraft } from './draft-invoice-items.ts';

export interface UpdateInvoiceItemInput {
  amount?: number;
  description?: string | null;
  discountable?: boolean;
  metadata?: MetadataInput;
  period?: { start: number; end: number };
  price?: string;
  quantity?: number;
  tax_rates?: string[] | null;
  unit_amount_decimal?: string;
}

/** The draft invoice holding the item (locked), null when pending; refuses items on finalized invoices. */
async function editableInvoice(ctx: ServiceContext, item: Stripe.InvoiceItem, action: string): Promise<Invoice | null> {
  const invoiceId = typeof item.invoice === 'string' ? item.invoice : (item.invoice?.id ?? null);
  if (!invoiceId) return null;
  const invoice = await loadInvoiceForUpdate(ctx.db, invoiceId);
  if (invoice.status !== 'draft')
    throw invalidState(
      `You cannot ${action} invoice item ${item.id}: it is on invoice ${invoiceId}, which is ${invoice.status}.`,
      undefined,
      'invoice_not_editable',
    );
  return invoice;
}

export async function updateInvoiceItem(ctx: ServiceContext, id: string, input: UpdateInvoiceItemInput): Promise<Stripe.InvoiceItem> {
  const before = await loadInvoiceItem(ctx.db, id, { forUpdate: true });
  const draft = await editableInvoice(ctx, before, 'update');
  let after: Stripe.InvoiceItem = {
    ...before,
    description: input.description === undefined ? before.description : input.description,
    discountable: input.discountable ?? before.discountable,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
    period: input.period ?? before.period,
  };
  if (input.tax_rates !== undefined) after.tax_rates = await loadTaxRates(ctx.db, input.tax_rates ?? [], 'tax_rates');
  const pricingChanged = [input.amount, input.price, input.quantity, input.unit_amount_decimal].some((v) => v !== undefined);
  if (pricingChanged) {
    const currentPrice = before.pricing?.price_details?.price;
    const priceId = input.price ?? (input.amount === undefined && input.unit_amount_decimal === undefined ? currentPrice : undefined);
    const price = priceId ? await loadPrice(ctx.db, typeof priceId === 'string' ? priceId : priceId.id, 'price') : undefined;
    const unit =
      input.unit_amount_decimal ??
      (!price && input.amount === undefined && before.pricing?.unit_amount_decimal != null ? String(before.pricing.unit_amount_decimal) : undefined);
    const computed = itemAmount({
      price,
      amount: input.amount,
      unit_amount_decimal: unit,
      quantity: input.quantity ?? before.quantity,
    });
    after = {
      ...after,
      amount: computed.amount,
      quantity: computed.quantity,
      quantity_decimal: wireDecimal(String(computed.quantity)),
      pricing: {
        type: 'price_details',
        ...(price ? { price_details: { price: price.id, product: productIdOf(price) } } : {}),
        unit_amount_decimal: computed.unit_amount_decimal === null ? null : wireDecimal(computed.unit_amount_decimal),
      },
    };
  }
  await saveInvoiceItem(ctx.db, after);
  if (draft) await updateItemOnDraft(ctx, draft, after);
  const prev = previousAttributes(before as any, after as any);
  if (Object.keys(prev).length) await recordEvent(ctx, 'invoiceitem.updated', after, { previousAttributes: prev });
  return after;
}

export async function deleteInvoiceItem(ctx: ServiceContext, id: string): Promise<Stripe.DeletedInvoiceItem> {
  const item = await loadInvoiceItem(ctx.db, id, { forUpdate: true });
  const draft = await editableInvoice(ctx, item, 'delete');
  await markDeleted(ctx.db, 'invoice_items', [id]);
  if (draft) await removeItemFromDraft(ctx, draft, id);
  await recordEvent(ctx, 'invoiceitem.deleted', item);
  return { id, object: 'invoiceitem', deleted: true };
}
