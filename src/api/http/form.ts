// Decoding of Stripe's form encoding (`items[0][price]=p&metadata[k]=v`), for bodies and query strings.
import qs from 'qs';

/**
 * Arrays are decoded as objects keyed by index (arrayLimit -1) and turned into arrays by the
 * `list()` schema, so a hash whose keys happen to be digits (`metadata[5]=x`) keeps its keys
 * instead of becoming a compacted array. Objects have no prototype (plainObjects) so keys such
 * as `metadata[toString]` are kept rather than silently dropped.
 */
export const QS_OPTIONS = {
  arrayLimit: -1,
  depth: 10,
  parameterLimit: 10000,
  allowDots: false,
  plainObjects: true,
} as const;

export function decodeForm(s: string): Record<string, unknown> {
  return qs.parse(s, QS_OPTIONS) as Record<string, unknown>;
}
