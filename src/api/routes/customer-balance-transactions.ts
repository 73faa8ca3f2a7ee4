// /v1/customers/:id/balance_transactions: credit or debit a customer's balance, list and annotate.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { currency, emptyable, int, listParams, metadata, str, z } from '../params.ts';
import { invalidRequest } from '../../core/errors.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';
import {
  createBalanceTransaction,
  loadBalanceTransaction,
  updateBalanceTransaction,
} from '../../services/balance-transactions/balance-transaction-store.ts';

export const customerBalanceTransactionRoutes = [
  route({
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions',
    summary: "Create a customer balance transaction",
    params: z.strictObject({
      amount: int({ min: -100_000_000_000, max: 100_000_000_000 }),
      currency: currency(),
      description: emptyable(str({ max: 350 })).optional(),
      metadata: metadata().optional(),
    }),
    handler: async (ctx, p, path) => {
      if (p.amount === 0) throw invalidRequest('amount must not be zero.', 'amount');
      const customer = await loadCustomer(ctx.db, path.id);
      return createBalanceTransaction(await contextForCustomer(ctx, customer), path.id, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions/:txn',
    summary: 'Retrieve a customer balance transaction',
    params: z.strictObject({}),
    handler: async (ctx, _p, path) => {
      await loadCustomer(ctx.db, path.id);
      return loadBalanceTransaction(ctx.db, path.id, path.txn);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/:id/balance_transactions/:txn',
    summary: 'Update a customer balance transaction',
    params: z.strictObject({ description: emptyable(str({ max: 350 })).optional(), metadata: metadata().optional() }),
    handler: (ctx, p, path) => updateBalanceTransaction(ctx, path.id, path.txn, p),
  }),
  route({
    method: 'GET',
    path: '/v1/customers/:id/balance_transactions',
    summary: "List a customer's balance transactions",
    params: z.strictObject({ ...listParams, invoice: str().optional() }),
    handler: async (ctx, p, path) => {
      await loadCustomer(ctx.db, path.id);
      return listEnvelope(
        ctx.db,
        'customer_balance_transactions',
        `/v1/customers/${path.id}/balance_transactions`,
        p,
        [cond('customer_id = ?', path.id), ...(p.invoice !== undefined ? [cond(`data->>'invoice' = ?`, p.invoice)] : [])],
        'customer balance transaction',
      );
    },
  }),
];
