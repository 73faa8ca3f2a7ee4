// Money in minor units and Unix seconds, shown the way finance staff read them.
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

export const exponentOf = (currency: string) => (ZERO_DECIMAL.has(currency.toLowerCase()) ? 0 : THREE_DECIMAL.has(currency.toLowerCase()) ? 3 : 2);

export function money(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || !currency) return '—';
  const exp = exponentOf(currency);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: exp, maximumFractionDigits: exp }).format(
    amount / 10 ** exp,
  );
}

/** The currencies forms offer first. */
export const CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'jpy', 'chf', 'sek'].map((c) => ({ value: c, label: c.toUpperCase() }));

/** A typed amount ("12.50") in minor units, or null when it is not a number. */
export function toMinor(text: string, currency: string): number | null {
  const t = text.trim();
  if (!/^-?\d+(\.\d+)?$/.test(t)) return null;
  const exp = exponentOf(currency);
  const [whole, frac = ''] = t.replace('-', '').split('.');
  if (frac.length > exp) return null;
  const n = Number(whole) * 10 ** exp + Number((frac + '000').slice(0, exp) || 0);
  return t.startsWith('-') ? -n : n;
}

export const date = (t: number | null | undefined) =>
  t ? new Date(t * 1000).toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }) : '—';

export const dateTime = (t: number | null | undefined) =>
  t ? new Date(t * 1000).toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC' : '—';

export const toUnix = (isoDate: string) => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 1000);
export const toIsoDate = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);

/** A tax id as invoices print it (the PDFs use the same). */
export { taxIdText } from '../../src/domain/tax-ids.ts';
