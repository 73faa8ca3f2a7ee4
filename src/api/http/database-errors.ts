// PostgreSQL errors that only a request can cause (two requests racing for one custom id, a value
// the column cannot hold) answered as Stripe-shaped client errors instead of a 500.
import { RecurError, conflict, invalidRequest } from '../../core/errors.ts';

interface DatabaseError {
  code: string;
  detail?: string;
  constraint?: string;
  column?: string;
}

const isDatabaseError = (e: unknown): e is DatabaseError =>
  !!e && typeof e === 'object' && typeof (e as DatabaseError).code === 'string' && /^[0-9A-Z]{5}$/.test((e as DatabaseError).code);

/** The client error a database failure stands for, or null when it is the server's own fault. */
export function databaseErrorAsApiError(e: unknown): RecurError | null {
  if (!isDatabaseError(e)) return null;
  switch (e.code) {
    case '23505': {
      // "Key (id)=(SAVE10) already exists." — the column is the parameter the caller chose.
      const m = /^Key \(([a-z_]+)\)=\((.*)\) already exists/.exec(e.detail ?? '');
      return invalidRequest(
        m ? `A resource with ${m[1]} '${m[2]}' already exists.` : 'A resource with these identifiers already exists.',
        m?.[1],
        'resource_already_exists',
      );
    }
    case '23503':
      return invalidRequest('A referenced object does not exist (it may have just been deleted).', undefined, 'resource_missing');
    case '40001':
    case '40P01':
    case '55P03':
      // Another request holds what this one needs: Stripe answers 409 and the SDK retries.
      return conflict('This object is being changed by another request; retry shortly.');
    case '54000':
      return invalidRequest('A value in the request is too large to store.');
  }
  // Class 22 is "data exception": a value the column or function cannot take (out of range, bad encoding).
  if (e.code.startsWith('22')) return invalidRequest(`A value in the request cannot be stored (${e.code}).`);
  return null;
}

export { RecurError };
