// Strings PostgreSQL cannot store (a NUL) or that are not Unicode (a lone UTF-16 surrogate) are refused
// at the edge, naming the parameter, before any command or query sees them.
import { invalidRequest, type RecurError } from '../../core/errors.ts';
import { paramName } from '../params.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string that cannot be stored as text: a NUL character, or a surrogate without its pair. */
export const isUnstorableText = (s: string): boolean => s.includes('\0') || LONE_SURROGATE.test(s);

/** The error for the first unstorable key or string in decoded parameters, or null when all are fine. */
export function unstorableTextError(value: unknown, path: string[] = []): RecurError | null {
  if (typeof value === 'string') return isUnstorableText(value) ? refuse(path) : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    // A bad key is named by where it sits (metadata), since the key itself cannot be shown.
    if (isUnstorableText(k)) return refuse(path.length ? path : [k.replace(new RegExp(`${LONE_SURROGATE.source}|\\0`, 'g'), '\uFFFD')]);
    const inner = unstorableTextError(v, [...path, k]);
    if (inner) return inner;
  }
  return null;
}

function refuse(path: string[]): RecurError {
  const param = paramName(path);
  return invalidRequest(
    `Invalid string in ${param || 'the request'}: text cannot contain NUL characters or unpaired UTF-16 surrogates.`,
    param || undefined,
  );
}
