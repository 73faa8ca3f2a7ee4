// ISO 4217 currencies Recur accepts, with the exponent of each one's minor unit.

const ZERO_DECIMAL = ['bif', 'clp', 'djf', 'gnf', 'isk', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf'];
const THREE_DECIMAL = ['bhd', 'jod', 'kwd', 'omr', 'tnd'];
const TWO_DECIMAL = (
  'aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bmd bnd bob brl bsd bwp byn bzd cad cdf chf cny cop crc cve czk ' +
  'dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gtq gyd hkd hnl htg huf idr ils inr jmd kes kgs khr kyd kzt lak lbp lkr ' +
  'lrd lsl mad mdl mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd pab pen pgk php pkr pln qar ron rsd rub ' +
  'sar sbd scr sek sgd shp sle sos srd std szl thb tjs top try ttd twd tzs uah usd uyu uzs wst xcd yer zar zmw'
).split(' ');

const EXPONENTS = new Map<string, number>([
  ...ZERO_DECIMAL.map((c) => [c, 0] as const),
  ...THREE_DECIMAL.map((c) => [c, 3] as const),
  ...TWO_DECIMAL.map((c) => [c, 2] as const),
]);

export type Currency = string;

export function isCurrency(code: string): boolean {
  return EXPONENTS.has(code);
}

/** Digits after the decimal point in the currency's major unit (usd 2, jpy 0, kwd 3). */
export function currencyExponent(code: Currency): number {
  const e = EXPONENTS.get(code);
  if (e === undefined) throw new Error(`unknown currency ${code}`);
  return e;
}

/** Formats minor units for people: 1999 usd → "$19.99"-style "19.99 USD". */
export function formatAmount(amount: number, code: Currency): string {
  const e = currencyExponent(code);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const major = Math.floor(abs / 10 ** e);
  const minor = e ? '.' + String(abs % 10 ** e).padStart(e, '0') : '';
  return `${sign}${major}${minor} ${code.toUpperCase()}`;
}
