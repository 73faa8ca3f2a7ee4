// Prefixed, unguessable object ids (`cus_…`, `in_…`), injected so tests can make them deterministic.
import { randomBytes } from 'node:crypto';

export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export const randomIds: IdGenerator = {
  next(prefix) {
    const bytes = randomBytes(24);
    let s = '';
    for (const b of bytes) s += ALPHABET[b % 62];
    return `${prefix}_${s}`;
  },
};

/** Deterministic ids for tests: prefix_000001, prefix_000002… */
export function sequentialIds(): IdGenerator {
  let n = 0;
  return { next: (prefix) => `${prefix}_${String(++n).padStart(14, '0')}` };
}

/** A random secret of the given length, for API keys and webhook secrets. */
export function randomSecret(length = 32): string {
  return randomIds.next('x').slice(2, 2 + length);
}
