// Decoding of Stripe's form encoding (`items[0][price]=p&metadata[k]=v`), for bodies and query strings.
import qs from 'qs';

/**
 * Arrays are decoded as objects keyed by index (arrayLimit -1) and turned into arrays by the
 * `list()` schema, so a hash whose keys happen to be digits (`metadata[5]=x`) keeps its keys
 * instead of becoming a compacted array. allowPrototypes keeps keys such as `metadata[toString]`
 * (as own properties) rather than silently dropping them; qs still never writes `__proto__`.
 */
export const QS_OPTIONS = {
  arrayLimit: -1,
  depth: 10,
  parameterLimit: 10000,
  allowDots: false,
  allowPrototypes: true,
} as const;

export function decodeForm(s: string): Record<string, unknown> {
  return qs.parse(s, QS_OPTIONS) as Record<string, unknown>;
}
