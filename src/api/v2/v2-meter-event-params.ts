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

// The stream's timestamps are nearly all `YYYY-MM-DDTHH:MM:SS[.mmm]Z` within an hour or two: each
// hour is parsed once (by Date.parse, so the answer is the same) and minutes and seconds added.
const hours = { latest: '', latestSeconds: 0, previous: '', previousSeconds: 0 };
const digits2 = (s: string, at: number) => {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/** Unix seconds of the hour a timestamp starts with (`YYYY-MM-DDTHH`), or NaN. */
function hourSeconds(v: string): number {
  if (hours.latest && v.startsWith(hours.latest)) return hours.latestSeconds;
  if (hours.previous && v.startsWith(hours.previous)) return hours.previousSeconds;
  const prefix = v.slice(0, 13);
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}$/.test(prefix) ? Date.parse(`${prefix}:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) return NaN;
  hours.previous = hours.latest;
  hours.previousSeconds = hours.latestSeconds;
  hours.latest = prefix;
  hours.latestSeconds = ms / 1000;
  return hours.latestSeconds;
}

/** Unix seconds of a UTC timestamp in the stream's usual form, or undefined for anything else. */
function utcSeconds(v: string): number | undefined {
  if ((v.length !== 20 && v.length !== 24) || v.charCodeAt(v.length - 1) !== 90 /* Z */ || v[13] !== ':' || v[16] !== ':') return undefined;
  if (v.length === 24 && (v[19] !== '.' || digits2(v, 20) < 0 || digits2(v, 21) < 0)) return undefined;
  const hour = digits2(v, 11);
  const minutes = digits2(v, 14);
  const seconds = digits2(v, 17);
  if (hour < 0 || hour > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  const base = hourSeconds(v);
  return Number.isNaN(base) ? undefined : base + minutes * 60 + seconds;
}

const EVENT_FIELDS = new Set(['event_name', 'payload', 'identifier', 'timestamp']);
/** Where an event is, for errors: '' for a whole body, `events[3]` for the stream's fourth. */
const placeOf = (at: string | number) => (typeof at === 'number' ? `events[${at}]` : at);
const fieldOf = (at: string, f: string) => (at ? `${at}.${f}` : f);

/** A v2 meter event read from its JSON: `at` is '' for a whole body, or its index in a stream. */
export function v2MeterEvent(v: unknown, at: string | number): MeterEventInput {
  // Names are built only for an error: this runs for every event of the stream.
  if (!isObject(v)) throw invalidRequest(`${placeOf(at) || 'body'} must be an object.`, placeOf(at) || undefined);
  for (const k in v) if (!EVENT_FIELDS.has(k)) throw invalidRequest(`Received unknown field: ${fieldOf(placeOf(at), k)}`, fieldOf(placeOf(at), k), 'parameter_unknown');
  const payload = v.payload;
  if (!isObject(payload))
    throw invalidRequest(`${fieldOf(placeOf(at), 'payload')} must be an object of strings.`, fieldOf(placeOf(at), 'payload'), payload === undefined ? 'parameter_missing' : 'parameter_invalid');
  // The parsed body is ours: numbers become strings in place rather than in a copy.
  for (const k in payload) {
    const x = payload[k];
    if (typeof x === 'number') payload[k] = String(x);
    else if (typeof x !== 'string') throw invalidRequest(`${fieldOf(placeOf(at), `payload.${k}`)} must be a string.`, fieldOf(placeOf(at), `payload.${k}`));
  }
  const name = v.event_name;
  const identifier = v.identifier;
  return {
    event_name: typeof name === 'string' && name && name.length <= 100 ? name : text(name, fieldOf(placeOf(at), 'event_name'), { max: 100 })!,
    payload: payload as Record<string, string>,
    identifier: identifier === undefined || (typeof identifier === 'string' && identifier && identifier.length <= 100) ? identifier : text(identifier, fieldOf(placeOf(at), 'identifier'), { max: 100 }),
    timestamp: (typeof v.timestamp === 'string' && utcSeconds(v.timestamp)) || isoSeconds(v.timestamp, fieldOf(placeOf(at), 'timestamp')),
  };
}

export function v2StreamEvents(body: unknown): MeterEventInput[] {
  if (!isObject(body) || !Array.isArray(body.events)) throw invalidRequest('events must be an array of meter events.', 'events', 'parameter_missing');
  const events = body.events as unknown[];
  if (!events.length) throw invalidRequest('events must hold at least one event.', 'events');
  if (events.length > MAX_STREAM_EVENTS) throw invalidRequest(`events can hold at most ${MAX_STREAM_EVENTS} events per request.`, 'events');
  const out = new Array<MeterEventInput>(events.length);
  for (let i = 0; i < events.length; i++) out[i] = v2MeterEvent(events[i], i);
  return out;
}

/** The dotted field name of event i's path, as v2 errors name them. */
export const v2ParamName = (prefix: (i: number) => string) => (i: number, path: string[]) => [prefix(i), ...path].filter(Boolean).join('.');
