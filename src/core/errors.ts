// The one catalogue of errors callers can cause: each has Stripe's error `type` and a kind that
// api/ maps to an HTTP status (api/http-status.ts). Services and payments throw these; nothing
// below api/ knows about HTTP.

export type ErrorType =
  | 'invalid_request_error'
  | 'idempotency_error'
  | 'card_error'
  | 'api_error'
  | 'authentication_error'
  | 'rate_limit_error';

export interface StripeErrorBody {
  type: ErrorType;
  code?: string;
  decline_code?: string;
  param?: string;
  message: string;
  doc_url?: string;
  [extra: string]: unknown;
}

/** What went wrong, as far as the caller is concerned; api/ turns it into a status code. */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'card_declined'
  | 'conflict'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'internal';

export class RecurError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
  /** The same error reported as bad input (a missing referenced object named in a body is a 400). */
  asInvalid(): RecurError {
    return new RecurError('invalid', this.body);
  }
}

export const invalidRequest = (message: string, param?: string, code = 'parameter_invalid'): RecurError =>
  new RecurError('invalid', { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) });

export const missingParam = (param: string): RecurError =>
  new RecurError('invalid', {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });

export const unknownParam = (param: string): RecurError =>
  new RecurError('invalid', {
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param,
    message: `Received unknown parameter: ${param}`,
  });

export const resourceMissing = (noun: string, id: string, param = 'id'): RecurError =>
  new RecurError('not_found', {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${noun}: '${id}'`,
  });

export const urlNotFound = (method: string, url: string): RecurError =>
  new RecurError('not_found', {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${url}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });

/** A request that conflicts with the object's current state (Stripe answers these with 400). */
export const invalidState = (message: string, param?: string, code = 'resource_invalid_state'): RecurError =>
  invalidRequest(message, param, code);

export const conflict = (message: string): RecurError =>
  new RecurError('conflict', { type: 'invalid_request_error', code: 'lock_timeout', message });

export const idempotencyMismatch = (key: string): RecurError =>
  new RecurError('invalid', {
    type: 'idempotency_error',
    code: 'idempotency_key_in_use',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });

export const authenticationFailed = (message: string): RecurError =>
  new RecurError('unauthenticated', { type: 'invalid_request_error', message });

/** Authenticated, but this key or staff role may not do this (Stripe answers restricted keys with 403). */
export const permissionDenied = (message: string): RecurError =>
  new RecurError('forbidden', { type: 'invalid_request_error', code: 'permission_denied', message });

export const rateLimited = (message: string): RecurError =>
  new RecurError('rate_limited', { type: 'rate_limit_error', code: 'rate_limit', message });

export const cardDeclined = (
  message: string,
  code: string,
  decline_code: string | undefined,
  extra: Record<string, unknown> = {},
): RecurError =>
  new RecurError('card_declined', { type: 'card_error', code, message, ...(decline_code ? { decline_code } : {}), ...extra });

export const internalError = (): RecurError =>
  new RecurError('internal', { type: 'api_error', message: 'An unexpected error occurred on Recur; nothing was changed.' });
