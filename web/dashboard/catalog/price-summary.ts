// How a price reads in the catalog: amount or tiers, interval, usage, and its other currencies.
import { money } from '../../shared/format.ts';

export function priceAmount(p: any): string {
  if (p.billing_scheme === 'tiered') {
    const tiers = (p.tiers ?? [])
      .map((t: any) => {
        const parts = [t.unit_amount !== null ? `${money(t.unit_amount, p.currency)} each` : null, t.flat_amount ? `${money(t.flat_amount, p.currency)} flat` : null];
        return `${t.up_to === null ? 'then' : `up to ${t.up_to}`}: ${parts.filter(Boolean).join(' + ') || money(0, p.currency)}`;
      })
      .join('; ');
    return `${p.tiers_mode === 'volume' ? 'Volume' : 'Graduated'} tiers${tiers ? ` — ${tiers}` : ''}`;
  }
  return money(p.unit_amount, p.currency);
}

export function priceInterval(p: any): string {
  if (!p.recurring) return 'One time';
  const every = p.recurring.interval_count > 1 ? `Every ${p.recurring.interval_count} ${p.recurring.interval}s` : `Per ${p.recurring.interval}`;
  return p.recurring.usage_type === 'metered' ? `${every}, metered (per unit used)` : every;
}

export function otherCurrencies(p: any): string {
  const opts = p.currency_options ?? {};
  return Object.keys(opts)
    .filter((c) => c !== p.currency)
    .map((c) => (opts[c].unit_amount !== null && opts[c].unit_amount !== undefined ? money(opts[c].unit_amount, c) : c.toUpperCase()))
    .join(', ');
}
