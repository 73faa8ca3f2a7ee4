// Stripe's previous_attributes of an update event: a pure comparison of two versions of an object,
// here so that the domain can name the events its decisions cause and events/ can record them.

/** The fields of `before` that differ from `after`, with their old values. */
export function previousAttributes(before: Record<string, any>, after: Record<string, any>): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (!sameValue(before[k], after[k])) prev[k] = before[k] === undefined ? null : before[k];
  }
  return prev;
}

/** Deep equality of JSON values; the order of an object's keys does not matter (a rebuilt object may list them differently). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameValue(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as any)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as any)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameValue((a as any)[k], (b as any)[k]));
}
