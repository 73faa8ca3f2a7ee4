// Placeholder until the payments layer lands: every payment method id is unknown.
import type { ServiceContext } from '../api/route.ts';
import { resourceMissing } from '../api/errors.ts';

export async function attachPaymentMethod(
  _ctx: ServiceContext,
  id: string,
  _customerId: string,
  opts: { param?: string; at?: number } = {},
): Promise<never> {
  throw resourceMissing('PaymentMethod', id, opts.param ?? 'payment_method');
}
