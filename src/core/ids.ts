// Prefixed, unguessable object ids (`cus_…`, `in_…`), injected so tests can make them deterministic.
import { randomBytes } from 'node:crypto';

export interface IdGenerator {
  next(prefix: string): string;
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const ID_LENGTH = 24;
/** Random bytes are drawn for many ids at once: one system call per 1,024 ids, not one per id. */
let pool = Buffer.alloc(0);
let used = 0;

export const randomIds: IdGenerator = {
  next(prefix) {
    if (used + ID_LENGTH > pool.length) {
      pool = randomBytes(ID_LENGTH * 1024);
      used = 0;
    }
    let s = '';
    for (let i = used; i < used + ID_LENGTH; i++) s += ALPHABET[pool[i] % 62];
    used += ID_LENGTH;
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
