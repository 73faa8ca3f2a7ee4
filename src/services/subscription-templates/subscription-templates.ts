// Subscription templates (seed 000): an admin names a bundle of prices with its terms once; staff
// then put a customer on it in one click. The template keeps references; prices are checked when
// it is saved and again when it is used.
import type { ServiceContext } from '../../core/context.ts';
import type { Db } from '../../core/db.ts';
import { invalidRequest, resourceMissing } from '../../core/errors.ts';
import { getObject, insertObject, updateObject } from '../../store/objects.ts';
import { loadPrice } from '../prices/price-store.ts';
import { loadCoupon } from '../coupons/coupon-store.ts';
import { loadTaxRates } from '../tax-rates/load-tax-rates.ts';

export interface SubscriptionTemplate {
  id: string;
  object: 'recur.subscription_template';
  created: number;
  active: boolean;
  name: string;
  description: string | null;
  items: Array<{ price: string; quantity: number | null }>;
  collection_method: 'charge_automatically' | 'send_invoice';
  days_until_due: number | null;
  trial_period_days: number | null;
  coupon: string | null;
  default_tax_rates: string[];
  metadata: Record<string, string>;
}

export type TemplateFields = Partial<Omit<SubscriptionTemplate, 'id' | 'object' | 'created' | 'items'>> & {
  items?: Array<{ price: string; quantity?: number }>;
};

export async function loadTemplate(db: Db, id: string, param = 'id'): Promise<SubscriptionTemplate> {
  const t = await getObject<SubscriptionTemplate>(db, 'subscription_templates', id);
  if (!t) throw resourceMissing('subscription template', id, param);
  return t;
}

async function checked(ctx: ServiceContext, t: SubscriptionTemplate): Promise<SubscriptionTemplate> {
  if (!t.name.trim()) throw invalidRequest('Give the template a name.', 'name');
  if (!t.items.length) throw invalidRequest('A template needs at least one price.', 'items');
  for (const [i, item] of t.items.entries()) {
    const price = await loadPrice(ctx.db, item.price, `items[${i}][price]`).catch((e) => {
      throw e.asInvalid ? e.asInvalid() : e;
    });
    if (price.type !== 'recurring') throw invalidRequest(`${price.id} is a one-time price; a subscription needs recurring prices.`, `items[${i}][price]`);
  }
  if (t.coupon) await loadCoupon(ctx.db, t.coupon, { param: 'coupon' }).catch((e) => Promise.reject(e.asInvalid ? e.asInvalid() : e));
  await loadTaxRates(ctx.db, t.default_tax_rates, 'default_tax_rates');
  if (t.collection_method === 'send_invoice' && t.days_until_due === null) t = { ...t, days_until_due: 30 };
  if (t.collection_method === 'charge_automatically') t = { ...t, days_until_due: null };
  return t;
}

export async function createTemplate(ctx: ServiceContext, f: TemplateFields): Promise<SubscriptionTemplate> {
  const t = await checked(ctx, {
    id: ctx.ids.next('stpl'),
    object: 'recur.subscription_template',
    created: ctx.clock.now(),
    active: f.active ?? true,
    name: f.name ?? '',
    description: f.description ?? null,
    items: (f.items ?? []).map((i) => ({ price: i.price, quantity: i.quantity ?? null })),
    collection_method: f.collection_method ?? 'charge_automatically',
    days_until_due: f.days_until_due ?? null,
    trial_period_days: f.trial_period_days ?? null,
    coupon: f.coupon ?? null,
    default_tax_rates: f.default_tax_rates ?? [],
    metadata: f.metadata ?? {},
  });
  await insertObject(ctx.db, 'subscription_templates', t);
  return t;
}

export async function updateTemplate(ctx: ServiceContext, id: string, f: TemplateFields): Promise<SubscriptionTemplate> {
  const current = await loadTemplate(ctx.db, id);
  const metadata = { ...current.metadata };
  for (const [k, v] of Object.entries(f.metadata ?? {})) if (v === '') delete metadata[k];
  else metadata[k] = v;
  const t = await checked(ctx, {
    ...current,
    ...Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined)),
    items: f.items ? f.items.map((i) => ({ price: i.price, quantity: i.quantity ?? null })) : current.items,
    metadata,
  } as SubscriptionTemplate);
  await updateObject(ctx.db, 'subscription_templates', t);
  return t;
}
