// /v1/recur/allowances (Recur's own): recurring usage allowances on metered subscription items,
// and what is left of them.
import { route } from '../route.ts';
import { int, oneOf, str, z } from '../params.ts';
import { RecurError } from '../../core/errors.ts';
import { createAllowance } from '../../services/allowances/create-allowance.ts';
import { allowancesWhere, withRemaining } from '../../services/allowances/allowance-store.ts';
import { loadCustomer } from '../../store/customer-store.ts';
import { contextForCustomer } from '../../store/customer-clock.ts';

export const allowanceRoutes = [
  route({
    method: 'POST',
    path: '/v1/recur/allowances',
    summary: 'Give a metered subscription item a recurring allowance',
    params: z.strictObject({ subscription_item: str({ min: 1 }), units: int({ min: 1 }), overage: oneOf(['bill', 'refuse']).optional() }),
    handler: function createAllowanceRoute(ctx, p) {
      return createAllowance(ctx, p);
    },
  }),
  route({
    method: 'GET',
    path: '/v1/recur/allowances',
    summary: "A customer's allowances and what is left of them",
    params: z.strictObject({ customer: str({ min: 1 }) }),
    handler: async function listAllowancesRoute(ctx, p) {
      const customer = await loadCustomer(ctx.db, p.customer, { param: 'customer' }).catch((e) => {
        throw e instanceof RecurError ? e.asInvalid() : e;
      });
      const now = (await contextForCustomer(ctx, customer)).clock.now();
      const data = await withRemaining(ctx.usage, ctx.db, await allowancesWhere(ctx.db, 'customer_id', [customer.id]), now);
      return { object: 'list', url: '/v1/recur/allowances', has_more: false, data };
    },
  }),
];
