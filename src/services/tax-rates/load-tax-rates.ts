// Loads the tax rates a subscription, item or invoice names, for the billing engine: each must
// exist (404) and be active (400), reported under the index it was given at.
import type Stripe from 'stripe';
import type { Db } from '../../store/db.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';

/** `param` names the list, e.g. `default_tax_rates`; errors name `default_tax_rates[1]`. */
export async function loadTaxRates(db: Db, ids: string[], param: string): Promise<Stripe.TaxRate[]> {
  if (!ids.length) return [];
  const rows = await db.query<{ id: string; data: Stripe.TaxRate }>('SELECT id, data FROM tax_rates WHERE id = ANY($1)', [ids]);
  const byId = new Map(rows.map((r) => [r.id, r.data]));
  const seen = new Set<string>();
  return ids.map((id, i) => {
    const rate = byId.get(id);
    if (!rate) throw resourceMissing('tax rate', id, `${param}[${i}]`);
    if (!rate.active) throw invalidRequest(`Tax rate ${id} is inactive and cannot be applied.`, `${param}[${i}]`);
    if (seen.has(id)) throw invalidRequest(`Tax rate ${id} is listed more than once.`, `${param}[${i}]`);
    seen.add(id);
    return rate;
  });
}
