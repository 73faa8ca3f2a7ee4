// Amounts and dates as people read them in an email: "$1,234.56", "January 31, 2026" (UTC).
import { currencyExponent } from '../currency.ts';

/** Minor units in the currency's own notation with its exponent: 1999 usd → "$19.99", 500 jpy → "¥500". */
export function formatMoney(amount: number, currency: string): string {
  const digits = currencyExponent(currency);
  const format = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Scale in a decimal string so that no binary fraction creeps in (1999 → "19.99").
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  const major = digits ? `${abs.slice(0, -digits)}.${abs.slice(-digits)}` : abs;
  return format.format(`${sign}${major}` as unknown as number);
}

export function formatDate(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(unixSeconds * 1000);
}
