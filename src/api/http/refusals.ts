// Refusals the framework or Node's HTTP parser makes before a route runs, answered with Stripe's
// error object like every other error: 404 and 405 for the route, 413/415 for the body, 414 and 431
// for a request line or headers too large to parse.
import type { Socket } from 'node:net';
import type { RouteDef } from '../route.ts';
import { urlNotFound } from '../../core/errors.ts';

export interface Refusal {
  status: number;
  headers?: Record<string, string>;
  body: { error: { type: 'invalid_request_error'; message: string; code?: string } };
}

const refusal = (status: number, message: string, code?: string, headers?: Record<string, string>): Refusal => ({
  status,
  headers,
  body: { error: { type: 'invalid_request_error', message, ...(code ? { code } : {}) } },
});

/** Statuses Fastify's own errors keep: the request is refused as a whole, not a parameter. */
const KEPT_STATUSES = new Set([405, 406, 408, 413, 414, 415, 431]);
export const keptFrameworkStatus = (err: { statusCode?: unknown }): number | null =>
  typeof err.statusCode === 'number' && KEPT_STATUSES.has(err.statusCode) ? err.statusCode : null;

/** 405 with Allow when the path exists for other methods, else Stripe's unrecognized-URL 404. */
export function routeRefusal(routes: RouteDef[], method: string, url: string): Refusal {
  const path = url.split('?')[0];
  const allowed = routes.filter((r) => patternOf(r.path).test(path)).map((r) => r.method);
  if (allowed.length && !allowed.includes(method as RouteDef['method']))
    return refusal(405, `${method} is not allowed on ${path}; use ${[...new Set(allowed)].join(', ')}.`, 'method_not_allowed', {
      Allow: [...new Set(allowed)].join(', '),
    });
  return { status: 404, body: { error: urlNotFound(method, path).body as Refusal['body']['error'] } };
}

const patterns = new Map<string, RegExp>();
function patternOf(path: string): RegExp {
  let re = patterns.get(path);
  if (!re) {
    const source = path
      .split('/')
      .map((seg) => (seg.startsWith(':') ? '[^/]+' : seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${source}/?$`);
    patterns.set(path, re);
  }
  return re;
}

/**
 * Node's HTTP parser refuses a request before Fastify sees it (Fastify's clientErrorHandler).
 * A request line that alone overflows the header limit is a URI too long (414); otherwise the
 * headers are (431); anything else the parser cannot read is a 400.
 */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  let r: Refusal;
  if (err.code === 'HPE_HEADER_OVERFLOW' || err.code === 'HPE_URI_OVERFLOW') {
    const start = Buffer.isBuffer(err.rawPacket) ? err.rawPacket.toString('latin1', 0, 16384) : '';
    const lineEnd = start.indexOf('\r\n');
    const uriTooLong = err.code === 'HPE_URI_OVERFLOW' || (/^[A-Z]+ \//.test(start) && (lineEnd === -1 || lineEnd > 8192));
    r = uriTooLong
      ? refusal(414, 'The request URI is too long: send parameters in the body of a POST.', 'uri_too_long')
      : refusal(431, 'The request headers are too large.', 'request_headers_too_large');
  } else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    r = refusal(408, 'The request took too long to arrive.', 'request_timeout');
  } else {
    r = refusal(400, 'The request could not be parsed as HTTP.', 'malformed_request');
  }
  const body = JSON.stringify(r.body);
  socket.end(
    `HTTP/1.1 ${r.status} ${REASONS[r.status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
};
