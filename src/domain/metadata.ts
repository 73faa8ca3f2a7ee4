// Stripe's metadata update rule: keys merge, a '' or null value removes a key, '' for the whole hash clears it.
export type MetadataInput = Record<string, string | null> | null | undefined;

export function mergeMetadata(current: Record<string, string>, input: MetadataInput): Record<string, string> {
  if (input === undefined) return current;
  if (input === null) return {};
  const out = { ...current };
  for (const [k, v] of Object.entries(input)) {
    if (v === null || v === '') delete out[k];
    else out[k] = v;
  }
  return out;
}
