// The v2 API's error answers: `{ error: { type, code, message } }`, where the SDK chooses its error
// class by `type` (e.g. temporary_session_expired). Recur's errors keep their code and message.
import type { FastifyReply } from 'fastify';
import { RecurError } from '../../core/errors.ts';
import { toApiError } from '../api-error.ts';
import { httpStatusOf } from '../http-status.ts';

export class V2Error extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const sessionExpired = () =>
  new V2Error(401, 'temporary_session_expired', 'billing_meter_event_session_expired', 'The meter event session has expired; create a new one.');

export function sendV2Error(reply: FastifyReply, e: unknown, log: (e: unknown) => void): FastifyReply {
  if (e instanceof V2Error) return reply.status(e.status).send({ error: { type: e.type, code: e.code, message: e.message } });
  const api = toApiError(e);
  const status = httpStatusOf(api);
  if (status >= 500 || !(e instanceof RecurError)) log(e);
  const { type, code, message, param } = api.body;
  return reply.status(status).send({ error: { type, code: code ?? (status === 400 ? 'invalid_request' : 'internal_error'), message, ...(param ? { param } : {}) } });
}
