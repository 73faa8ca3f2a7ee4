// Every change to a customer's credit balance is recorded as a customer balance transaction.
// Negative balances are credit the customer can spend; positive ones are owed.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { insertObject } from '../../store/objects.ts';
import { recordEvent } from '../../events/record-event.ts';
import { invalidRequest } from '../../core/errors.ts';
import { saveCustomer } from '../../store/customer-store.ts';

export interface BalanceChange {
  amount: number;
  type: Stripe.CustomerBalanceTransaction.Type;
  currency?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  invoice?: string | null;
  credit_note?: string | null;
  at?: number;
  /** The caller records its own event (e.g. customer.created). */
  silent?: boolean;
}

export async function adjustCustomerBalance(
  ctx: ServiceContext,
  customer: Stripe.Customer,
  change: BalanceChange,
): Promise<{ customer: Stripe.Customer; transaction: Stripe.CustomerBalanceTransaction }> {
  const currency = change.currency ?? customer.currency ?? 'usd';
  if (customer.currency && currency !== customer.currency && customer.balance !== 0)
    throw invalidRequest(
      `The customer's balance is in ${customer.currency}; a balance transaction in ${currency} cannot be added.`,
      'currency',
    );
  const ending = customer.balance + change.amount;
  const transaction: Stripe.CustomerBalanceTransaction = {
    id: ctx.ids.next('cbtxn'),
    object: 'customer_balance_transaction',
    amount: change.amount,
    checkout_session: null,
    created: change.at ?? ctx.clock.now(),
    credit_note: change.credit_note ?? null,
    currency,
    customer: customer.id,
    customer_account: null,
    description: change.description ?? null,
    ending_balance: ending,
    invoice: change.invoice ?? null,
    livemode: false,
    metadata: change.metadata ?? {},
    type: change.type,
  };
  await insertObject(ctx.db, 'customer_balance_transactions', transaction);
  const updated = { ...customer, balance: ending, currency };
  await saveCustomer(ctx.db, updated);
  await recordEvent(ctx, 'customer.balance_transaction.created', transaction, { at: transaction.created, customerId: customer.id });
  if (!change.silent)
    await recordEvent(ctx, 'customer.updated', updated, {
      at: transaction.created,
      previousAttributes: { balance: customer.balance, ...(customer.currency ? {} : { currency: null }) },
    });
  return { customer: updated, transaction };
}
