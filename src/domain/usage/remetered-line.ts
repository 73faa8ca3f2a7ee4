// A metered line of a draft invoice billed again from the usage counted when the invoice is
// finalized: events that arrived late (their timestamps inside the period) are billed too.
import type Stripe from 'stripe';
import type { StoredLine } from '../billing/invoice-line.ts';
import { lineAmount } from '../pricing/index.ts';
import { termsOf } from '../subscriptions/subscription-lines.ts';

/** The line with `usage` as its quantity, or null when the quantity has not moved. */
export function remeteredLine(stored: StoredLine, price: Stripe.Price, usage: number): StoredLine | null {
  if (stored.line.quantity === usage) return null;
  const { amount, unit_amount_decimal } = lineAmount(termsOf(price), usage);
  const old = stored.line;
  const line: Stripe.InvoiceLineItem = {
    ...old,
    quantity: usage,
    quantity_decimal: String(usage) as unknown as Stripe.Decimal,
    amount,
    subtotal: amount,
    description: old.description === null ? null : old.description.replace(/^\d+ × /, `${usage} × `),
    pricing: old.pricing ? { ...old.pricing, unit_amount_decimal: unit_amount_decimal as unknown as Stripe.Decimal } : old.pricing,
  };
  return { line, taxRates: stored.taxRates };
}
