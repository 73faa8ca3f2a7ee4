// The customer a request parameter names: a 400 resource_missing naming the param when it does not exist.
import type Stripe from 'stripe';
import type { ServiceContext } from '../../core/context.ts';
import { noSuch } from '../products/product-store.ts';

export async function loadCustomerParam(ctx: Pick<ServiceContext, 'db'>, id: string, param: string, opts: { forUpdate?: boolean } = {}): Promise<Stripe.Customer> {
  const rows = await ctx.db.query(`SELECT data, deleted FROM customers WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length || rows[0].deleted) throw noSuch('customer', id, param);
  return rows[0].data as Stripe.Customer;
}
