// The one catalogue of API errors: each maps to Stripe's error `type` and an HTTP status.

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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }
}

export const invalidRequest = (message: string, param?: string, code = 'parameter_invalid'): ApiError =>
  new ApiError(400, { type: 'invalid_request_error', code, message, ...(param ? { param } : {}) });

export const missingParam = (param: string): ApiError =>
  new ApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_missing',
    param,
    message: `Missing required param: ${param}.`,
  });

export const unknownParam = (param: string): ApiError =>
  new ApiError(400, {
    type: 'invalid_request_error',
    code: 'parameter_unknown',
    param,
    message: `Received unknown parameter: ${param}`,
  });

export const resourceMissing = (noun: string, id: string, param = 'id'): ApiError =>
  new ApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    param,
    message: `No such ${noun}: '${id}'`,
  });

export const urlNotFound = (method: string, url: string): ApiError =>
  new ApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${url}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });

/** A request that conflicts with the object's current state (Stripe answers these with 400). */
export const invalidState = (message: string, param?: string, code = 'resource_invalid_state'): ApiError =>
  invalidRequest(message, param, code);

export const conflict = (message: string): ApiError =>
  new ApiError(409, { type: 'invalid_request_error', code: 'lock_timeout', message });

export const idempotencyMismatch = (key: string): ApiError =>
  new ApiError(400, {
    type: 'idempotency_error',
    code: 'idempotency_key_in_use',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });

export const authenticationFailed = (message: string): ApiError =>
  new ApiError(401, { type: 'invalid_request_error', message });

export const cardDeclined = (
  message: string,
  code: string,
  decline_code: string | undefined,
  extra: Record<string, unknown> = {},
): ApiError =>
  new ApiError(402, { type: 'card_error', code, message, ...(decline_code ? { decline_code } : {}), ...extra });

export const internalError = (): ApiError =>
  new ApiError(500, { type: 'api_error', message: 'An unexpected error occurred on Recur; nothing was changed.' });
