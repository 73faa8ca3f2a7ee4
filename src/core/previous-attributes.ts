// Stripe's previous_attributes of an update event: a pure comparison of two versions of an object,
// here so that the domain can name the events its decisions cause and events/ can record them.

/** The fields of `before` that differ from `after`, with their old values. */
export function previousAttributes(before: Record<string, any>, after: Record<string, any>): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) prev[k] = before[k] === undefined ? null : before[k];
  }
  return prev;
}
