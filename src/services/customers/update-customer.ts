// Updates a customer's fields; balance changes go through a balance transaction.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { previousAttributes, recordEvent } from '../../events/record-event.ts';
import { applyCustomerFields, type CustomerFields } from './customer-fields.ts';
import { loadCustomer, saveCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from './adjust-customer-balance.ts';
import { resourceMissing } from '../../core/errors.ts';
import { loadAny } from '../../store/object-registry.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import { retryAfterCardChange } from '../invoices/retry-after-card-change.ts';
import { paymentMethodIdOf as pmIdOf } from '../../domain/dunning/card-fix-retry.ts';


export interface UpdateCustomerInput extends CustomerFields {
  balance?: number;
}

export async function updateCustomer(ctx: ServiceContext, id: string, input: UpdateCustomerInput): Promise<Stripe.Customer> {
  const before = await loadCustomer(ctx.db, id, { forUpdate: true });
  const pm = input.invoice_settings?.default_payment_method;
  if (pm) {
    const found = await loadAny(ctx.db, pm);
    if (!found || found.customer !== id) throw resourceMissing('PaymentMethod', pm, 'invoice_settings[default_payment_method]');
  }
  let after = applyCustomerFields(before, input);
  if (input.balance !== undefined && input.balance !== before.balance) {
    after = (await adjustCustomerBalance(ctx, after, { amount: input.balance - before.balance, type: 'adjustment', silent: true })).customer;
  }
  await saveCustomer(ctx.db, after);
  // A new default card: the invoices in dunning are tried again at once (by the engine).
  if (pm && pm !== pmIdOf(before.invoice_settings?.default_payment_method)) await retryAfterCardChange(await contextForCustomer(ctx, after), id);
  const prev = previousAttributes(before as any, after as any);
  if (Object.keys(prev).length) await recordEvent(ctx, 'customer.updated', after, { previousAttributes: prev });
  return after;
}
