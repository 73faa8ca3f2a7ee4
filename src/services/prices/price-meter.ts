// A metered price reads a meter: it must name one that exists and is active.
import type Stripe from 'stripe';
import type { Db } from '../../core/db.ts';
import { invalidRequest } from '../../core/errors.ts';
import { metersById } from '../meters/meter-store.ts';

/** `param` names the price's recurring[meter] parameter, e.g. `recurring[meter]`. */
export async function checkPriceMeter(db: Db, price: Stripe.Price, param: string): Promise<void> {
  const id = price.recurring?.meter;
  if (!id) return;
  const meter = (await metersById(db, [id])).get(id);
  if (!meter) throw invalidRequest(`No such billing meter: '${id}'`, param, 'resource_missing');
  if (meter.status !== 'active') throw invalidRequest(`The billing meter ${id} is inactive; a price cannot use it.`, param);
}
