// Any failure as the RecurError the client sees: our own errors as they are, framework and database
// refusals of bad input as client errors, and everything else as a 500 that reveals nothing.
import { RecurError, internalError, invalidRequest } from '../core/errors.ts';
import { paramName } from './params.ts';
import { databaseErrorAsApiError } from './http/database-errors.ts';

export function toApiError(err: any): RecurError {
  if (err instanceof RecurError) return err;
  if (typeof err?.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new RecurError(err.statusCode === 404 ? 'not_found' : 'invalid', {
      type: 'invalid_request_error',
      message: cleanFastifyMessage(err.message),
    });
  }
  // The domain's money arithmetic refuses results past Number.MAX_SAFE_INTEGER with a RangeError;
  // only an input amount or quantity can drive it there.
  if (err instanceof RangeError && /amount|total|integer/i.test(err.message)) return amountTooLarge();
  return databaseErrorAsApiError(err) ?? internalError();
}

export const amountTooLarge = (param?: string): RecurError =>
  invalidRequest(
    `The resulting amount is too large${param ? ` (check ${param})` : ''}: amounts and totals must stay below ${Number.MAX_SAFE_INTEGER} minor units.`,
    param,
    'amount_too_large',
  );

/** The parameter most likely to have caused an overflow: the largest number in the request. */
export function largestNumberParam(value: unknown, path: string[] = []): { param: string; size: number } | null {
  if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()))) {
    const size = Math.abs(Number(value));
    return Number.isFinite(size) ? { param: paramName(path), size } : null;
  }
  if (!value || typeof value !== 'object') return null;
  let best: { param: string; size: number } | null = null;
  for (const [k, v] of Object.entries(value)) {
    const inner = largestNumberParam(v, [...path, k]);
    if (inner && (!best || inner.size > best.size)) best = inner;
  }
  return best;
}

function cleanFastifyMessage(m: string): string {
  return m.replace(/^FST_\w+:\s*/, '') || 'Invalid request.';
}
