// Customer balance transactions: created by adjustCustomerBalance; here they are read and annotated.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../store/db.ts';
import { resourceMissing } from '../../core/errors.ts';
import { mergeMetadata, type MetadataInput } from '../../domain/metadata.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { adjustCustomerBalance } from '../customers/adjust-customer-balance.ts';

export async function loadBalanceTransaction(
  db: Db,
  customerId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Stripe.CustomerBalanceTransaction> {
  const rows = await db.query(
    `SELECT data FROM customer_balance_transactions WHERE id = $1 AND customer_id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, customerId],
  );
  if (!rows.length) throw resourceMissing('customer balance transaction', id);
  return rows[0].data as Stripe.CustomerBalanceTransaction;
}

/** A manual credit (negative) or debit (positive) to the customer's balance. */
export async function createBalanceTransaction(
  ctx: ServiceContext,
  customerId: string,
  input: { amount: number; currency: string; description?: string | null; metadata?: MetadataInput },
): Promise<Stripe.CustomerBalanceTransaction> {
  const customer = await loadCustomer(ctx.db, customerId, { forUpdate: true });
  const { transaction } = await adjustCustomerBalance(ctx, customer, {
    amount: input.amount,
    type: 'adjustment',
    currency: input.currency,
    description: input.description ?? null,
    metadata: mergeMetadata({}, input.metadata),
  });
  return transaction;
}

export async function updateBalanceTransaction(
  ctx: ServiceContext,
  customerId: string,
  id: string,
  input: { description?: string | null; metadata?: MetadataInput },
): Promise<Stripe.CustomerBalanceTransaction> {
  await loadCustomer(ctx.db, customerId);
  const before = await loadBalanceTransaction(ctx.db, customerId, id, { forUpdate: true });
  const after: Stripe.CustomerBalanceTransaction = {
    ...before,
    description: input.description === undefined ? before.description : input.description,
    metadata: mergeMetadata(before.metadata ?? {}, input.metadata),
  };
  await ctx.db.query('UPDATE customer_balance_transactions SET data = $2 WHERE id = $1', [id, JSON.stringify(after)]);
  return after;
}
