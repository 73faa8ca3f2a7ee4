// Reads v2 meter event bodies (JSON): timestamps are ISO 8601 strings, errors name fields with
// dots (`events[3].payload.value`). Hand-written rather than zod: the stream's batches hold up to
// 10,000 events and this is their hot path.
import { invalidRequest } from '../../core/errors.ts';
import type { MeterEventInput } from '../../services/meter-events/record-meter-events.ts';

export const MAX_STREAM_EVENTS = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, opts: { max: number; optional?: boolean }): string | undefined {
  if (v === undefined && opts.optional) return undefined;
  if (typeof v !== 'string' || !v) throw invalidRequest(`${field} must be a non-empty string.`, field, v === undefined ? 'parameter_missing' : 'parameter_invalid');
  if (v.length > opts.max) throw invalidRequest(`${field} must be at most ${opts.max} characters long.`, field);
  return v;
}

/** Unix seconds of an ISO 8601 timestamp. */
export function isoSeconds(v: unknown, field: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) throw invalidRequest(`${field} must be an ISO 8601 timestamp such as 2026-01-31T12:00:00.000Z.`, field);
  return Math.floor(ms / 1000);
}

export function v2MeterEvent(v: unknown, at: string): MeterEventInput {
  const field = (f: string) => (at ? `${at}.${f}` : f);
  if (!isObject(v)) throw invalidRequest(`${at || 'body'} must be an object.`, at || undefined);
  for (const k of Object.keys(v))
    if (!['event_name', 'payload', 'identifier', 'timestamp'].includes(k)) throw invalidRequest(`Received unknown field: ${field(k)}`, field(k), 'parameter_unknown');
  if (!isObject(v.payload)) throw invalidRequest(`${field('payload')} must be an object of strings.`, field('payload'), v.payload === undefined ? 'parameter_missing' : 'parameter_invalid');
  const payload: Record<string, string> = {};
  for (const [k, x] of Object.entries(v.payload)) {
    if (typeof x !== 'string' && typeof x !== 'number') throw invalidRequest(`${field(`payload.${k}`)} must be a string.`, field(`payload.${k}`));
    payload[k] = String(x);
  }
  return {
    event_name: text(v.event_name, field('event_name'), { max: 100 })!,
    payload,
    identifier: text(v.identifier, field('identifier'), { max: 100, optional: true }),
    timestamp: isoSeconds(v.timestamp, field('timestamp')),
  };
}

export function v2StreamEvents(body: unknown): MeterEventInput[] {
  if (!isObject(body) || !Array.isArray(body.events)) throw invalidRequest('events must be an array of meter events.', 'events', 'parameter_missing');
  if (!body.events.length) throw invalidRequest('events must hold at least one event.', 'events');
  if (body.events.length > MAX_STREAM_EVENTS) throw invalidRequest(`events can hold at most ${MAX_STREAM_EVENTS} events per request.`, 'events');
  return body.events.map((e, i) => v2MeterEvent(e, `events[${i}]`));
}

/** The dotted field name of event i's path, as v2 errors name them. */
export const v2ParamName = (prefix: (i: number) => string) => (i: number, path: string[]) => [prefix(i), ...path].filter(Boolean).join('.');
