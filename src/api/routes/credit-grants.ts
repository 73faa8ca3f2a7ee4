// /v1/billing/credit_grants (create, retrieve, update, list, expire, void),
// /v1/billing/credit_balance_summary and /v1/billing/credit_balance_transactions.
import { route } from '../route.ts';
import { currency, emptyable, int, list, listParams, metadata, oneOf, str, timestamp, z } from '../params.ts';
import { cond } from '../../store/objects.ts';
import { listEnvelope } from '../../store/list.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { createCreditGrant } from '../../services/credit-grants/create-credit-grant.ts';
import { expireCreditGrant, updateCreditGrant, voidCreditGrant } from '../../services/credit-grants/update-credit-grant.ts';
import { loadCreditGrant } from '../../services/credit-grants/credit-grant-store.ts';
import { creditBalanceSummary } from '../../services/credit-grants/credit-balance.ts';

const scope = z.strictObject({
  price_type: oneOf(['metered']).optional(),
  prices: list(z.strictObject({ id: str({ min: 1 }) }), { max: 100 }).optional(),
});

const createParams = z.strictObject({
  customer: str({ min: 1 }),
  amount: z.strictObject({
    type: oneOf(['monetary']),
    monetary: z.strictObject({ currency: currency(), value: int({ min: 1 }) }),
  }),
  applicability_config: z.strictObject({ scope }),
  category: oneOf(['paid', 'promotional']).optional(),
  effective_at: timestamp().optional(),
  expires_at: timestamp().optional(),
  name: str({ max: 100 }).optional(),
  priority: int({ min: 0, max: 100 }).optional(),
  metadata: metadata().optional(),
});

export const creditGrantRoutes = [
  route({
    method: 'POST',
    path: '/v1/billing/credit_grants',
    summary: 'Create a credit grant',
    params: createParams,
    handler: function createCreditGrantRoute(ctx, p) {
      return createCreditGrant(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/credit_grants/:id',
    summary: 'Retrieve a credit grant',
    params: z.strictObject({}),
    handler: function retrieveCreditGrantRoute(ctx, _p, path) {
      return loadCreditGrant(ctx.db, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/credit_grants/:id',
    summary: 'Update a credit grant',
    params: z.strictObject({ expires_at: emptyable(timestamp()).optional(), metadata: metadata().optional() }),
    handler: function updateCreditGrantRoute(ctx, p, path) {
      return updateCreditGrant(ctx, path.id, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/credit_grants',
    summary: 'List credit grants',
    params: z.strictObject({ ...listParams, customer: str().optional() }),
    handler: function listCreditGrantsRoute(ctx, p) {
      return listEnvelope(ctx.db, 'credit_grants', '/v1/billing/credit_grants', p, p.customer ? [cond('customer_id = ?', p.customer)] : [], 'credit grant');
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/credit_grants/:id/expire',
    summary: 'Expire a credit grant now',
    params: z.strictObject({}),
    handler: function expireCreditGrantRoute(ctx, _p, path) {
      return expireCreditGrant(ctx, path.id);
    },
  }),
  route({
    method: 'POST',
    path: '/v1/billing/credit_grants/:id/void',
    summary: 'Void a credit grant',
    params: z.strictObject({}),
    handler: function voidCreditGrantRoute(ctx, _p, path) {
      return voidCreditGrant(ctx, path.id);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/credit_balance_summary',
    summary: "A customer's credit balance",
    params: z.strictObject({
      customer: str({ min: 1 }),
      filter: z.strictObject({ type: oneOf(['credit_grant', 'applicability_scope']), credit_grant: str().optional(), applicability_scope: scope.optional() }),
    }),
    handler: function creditBalanceSummaryRoute(ctx, p) {
      if (p.filter.type === 'credit_grant' && !p.filter.credit_grant) throw invalidRequest('filter[credit_grant] is required when filter[type] is credit_grant.', 'filter[credit_grant]', 'parameter_missing');
      return creditBalanceSummary(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/credit_balance_transactions/:id',
    summary: 'Retrieve a credit balance transaction',
    params: z.strictObject({}),
    handler: async function retrieveCreditBalanceTransactionRoute(ctx, _p, path) {
      const rows = await ctx.db.query('SELECT data FROM credit_balance_transactions WHERE id = $1', [path.id]);
      if (!rows.length) throw resourceMissing('credit balance transaction', path.id);
      return rows[0].data;
    },
  }),
  route({
    method: 'GET',
    path: '/v1/billing/credit_balance_transactions',
    summary: 'List credit balance transactions',
    params: z.strictObject({ ...listParams, customer: str().optional(), credit_grant: str().optional() }),
    handler: function listCreditBalanceTransactionsRoute(ctx, p) {
      if (!p.customer && !p.credit_grant) throw invalidRequest('Pass customer or credit_grant.', 'customer', 'parameter_missing');
      return listEnvelope(
        ctx.db,
        'credit_balance_transactions',
        '/v1/billing/credit_balance_transactions',
        p,
        [...(p.customer ? [cond('customer_id = ?', p.customer)] : []), ...(p.credit_grant ? [cond('credit_grant_id = ?', p.credit_grant)] : [])],
        'credit balance transaction',
      );
    },
  }),
];
