// Errors to HTTP: the status code each kind of RecurError answers with, as Stripe does.
import { RecurError, type ErrorKind } from '../core/errors.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  card_declined: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  internal: 500,
};

export const httpStatusOf = (e: RecurError): number => STATUS[e.kind];
export { RecurError };
