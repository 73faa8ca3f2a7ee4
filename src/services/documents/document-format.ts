// Amounts, dates and tax ids as invoices print them: the currency's own number of decimals, UTC
// dates, a tax id's type in words before its value.
import { currencyExponent } from '../../domain/currency.ts';

export function formatMoney(amount: number, currency: string): string {
  const exp = currencyExponent(currency);
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency.toUpperCase(), minimumFractionDigits: exp, maximumFractionDigits: exp }).format(amount / 10 ** exp);
}

export const formatDate = (t: number | null | undefined) =>
  t ? new Date(t * 1000).toLocaleDateString('en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }) : '';

