// Recurring prices as choices for forms (labelled with product, amount and interval).
import { money } from '../shared/format.ts';
import { api } from './session.tsx';

export const priceLabel = (p: any) => {
  const name = p.nickname ?? (typeof p.product === 'object' ? p.product.name : p.product);
  const amount = p.unit_amount !== null && p.unit_amount !== undefined ? money(p.unit_amount, p.currency) : 'tiered';
  const per = p.recurring ? ` / ${p.recurring.interval_count > 1 ? `${p.recurring.interval_count} ` : ''}${p.recurring.interval}` : '';
  return `${name} — ${amount}${p.recurring?.usage_type === 'metered' ? ' per unit used' : ''}${per}`;
};

export interface PriceChoice {
  value: string;
  label: string;
  price: any;
}

export async function loadRecurringPrices(): Promise<PriceChoice[]> {
  const list = await api.get('/v1/prices', { active: true, type: 'recurring', limit: 100, expand: ['data.product'] });
  return list.data.map((p: any) => ({ value: p.id, label: priceLabel(p), price: p }));
}
