// Creates an invoice item: pending on the customer until an invoice takes it, or added at once
// to a draft invoice named by `invoice`. Prorations from subscription changes arrive here too.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest, invalidState } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { lineAmount } from '../../domain/pricing/index.ts';
import { Dec, roundMinor } from '../../domain/money.ts';
import { productIdOf } from '../prices/price-store.ts';
import { wireDecimal } from '../prices/price-amounts.ts';
import { insertInvoiceItem } from './invoice-item-store.ts';
import { priceTerms } from './price-terms-of.ts';
import { addItemToDraft } from './draft-invoice-items.ts';
import { customerIdOf, loadInvoiceForUpdate } from '../invoices/invoice-store.ts';

export interface CreateInvoiceItemInput {
  customer: Stripe.Customer;
  amount?: number;
  price?: Stripe.Price;
  quantity?: number;
  /** A unit amount in minor units (with quantity) instead of amount or price. */
  unit_amount_decimal?: string;
  currency: string;
  description?: string | null;
  period: { start: number; end: number };
  proration?: boolean;
  subscription?: string | null;
  subscription_item?: string | null;
  invoice?: string | null;
  tax_rates?: Stripe.TaxRate[];
  discountable?: boolean;
  discounts?: string[];
  metadata?: Record<string, string>;
}

export function itemAmount(input: {
  amount?: number;
  price?: Stripe.Price;
  quantity?: number;
  unit_amount_decimal?: string;
}): { amount: number; unit_amount_decimal: string | null; quantity: number } {
  const quantity = input.quantity ?? 1;
  if (input.price) return { ...lineAmount(priceTerms(input.price), quantity), quantity };
  if (input.unit_amount_decimal !== undefined)
    return { amount: roundMinor(new Dec(input.unit_amount_decimal).times(quantity)), unit_amount_decimal: input.unit_amount_decimal, quantity };
  const amount = input.amount ?? 0;
  return { amount, unit_amount_decimal: quantity === 1 ? String(amount) : null, quantity };
}

export async function createInvoiceItem(ctx: ServiceContext, input: CreateInvoiceItemInput): Promise<Stripe.InvoiceItem> {
  const c = input.customer;
  const draft = input.invoice ? await loadInvoiceForUpdate(ctx.db, input.invoice, 'invoice') : null;
  if (draft) {
    if (customerIdOf(draft) !== c.id) throw invalidRequest(`Invoice ${draft.id} belongs to another customer.`, 'invoice');
    if (draft.status !== 'draft')
      throw invalidState(`Invoice items can only be added to draft invoices; invoice ${draft.id} is ${draft.status}.`, 'invoice', 'invoice_not_editable');
    if (draft.currency !== input.currency)
      throw invalidRequest(`The invoice is in ${draft.currency}; an invoice item in ${input.currency} cannot be added to it.`, 'currency');
  }
  const item = buildInvoiceItem(ctx, { ...input, invoice: draft?.id ?? null });
  await insertInvoiceItem(ctx.db, item);
  if (draft) await addItemToDraft(ctx, draft, item);
  await recordEvent(ctx, 'invoiceitem.created', item);
  return item;
}

/** The invoice item an input makes, not stored (an invoice preview shows such items without writing them). */
export function buildInvoiceItem(ctx: Pick<ServiceContext, 'ids' | 'clock'>, input: CreateInvoiceItemInput): Stripe.InvoiceItem {
  const now = ctx.clock.now();
  const c = input.customer;
  const { amount, unit_amount_decimal, quantity } = itemAmount(input);
  const proration = input.proration ?? false;
  return {
    id: ctx.ids.next('ii'),
    object: 'invoiceitem',
    amount,
    currency: input.currency,
    customer: c.id,
    customer_account: null,
    date: now,
    description: input.description ?? input.price?.nickname ?? null,
    discountable: input.discountable ?? !(proration || amount < 0),
    discounts: input.discounts ?? [],
    invoice: input.invoice ?? null,
    livemode: false,
    metadata: input.metadata ?? {},
    parent: input.subscription
      ? {
          type: 'subscription_details',
          subscription_details: {
            subscription: input.subscription,
            ...(input.subscription_item ? { subscription_item: input.subscription_item } : {}),
          },
        }
      : null,
    period: { start: input.period.start, end: input.period.end },
    pricing: {
      type: 'price_details',
      ...(input.price ? { price_details: { price: input.price.id, product: productIdOf(input.price) } } : {}),
      unit_amount_decimal: unit_amount_decimal === null ? null : wireDecimal(unit_amount_decimal),
    },
    proration,
    proration_details: { credited_items: null, discount_amounts: [] },
    quantity,
    quantity_decimal: wireDecimal(String(quantity)),
    tax_rates: input.tax_rates ?? [],
    test_clock: typeof c.test_clock === 'string' ? c.test_clock : null,
  };
}
