// One signed POST of an event to an endpoint, outside any transaction: a 10 s limit on the whole
// exchange, the first 1 KB of the answer kept, and (unless allowed) a refusal to connect to a
// private address, checked on the address DNS returned, so a name cannot rebind to one.
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { monotonicMs } from '../../core/clock.ts';
import { isPrivateAddress, urlRefusal } from './address-safety.ts';

export const WEBHOOK_TIMEOUT_MS = 10_000;
const KEPT_BODY = 1024;

export interface PostOutcome {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  /** The first 1 KB of the response body. */
  body: string;
  error: string | null;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 128 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 128 }),
};

/** DNS lookup that refuses private answers (the connect-time half of the address check). */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return (callback as any)(err);
    const list = addresses as unknown as Array<{ address: string; family: number }>;
    const refused = list.find((a) => isPrivateAddress(a.address));
    if (refused) return (callback as any)(new Error(`refused to connect to ${hostname}: it resolves to a private address (${refused.address})`));
    if ((options as { all?: boolean }).all) return (callback as any)(null, list);
    (callback as any)(null, list[0].address, list[0].family);
  });
};

export function postWebhook(
  url: string,
  payload: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs?: number },
): Promise<PostOutcome> {
  const started = monotonicMs();
  const done = (o: Omit<PostOutcome, 'durationMs' | 'ok'>): PostOutcome => ({
    ...o,
    // Kept in a jsonb document: no NUL characters, no half of a surrogate pair cut at 1 KB.
    body: o.body.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''),
    ok: o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300,
    durationMs: Math.round(monotonicMs() - started),
  });
  const refusal = urlRefusal(url, opts.allowPrivate);
  if (refusal) return Promise.resolve(done({ statusCode: null, body: '', error: refusal }));
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) && isPrivateAddress(host))
    return Promise.resolve(done({ statusCode: null, body: '', error: `refused to connect to a private address (${host})` }));
  const secure = target.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (o: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const req = (secure ? https : http).request(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload), 'user-agent': 'Recur/1.0 (+webhooks)', ...headers },
        ...(opts.allowPrivate ? {} : { lookup: publicOnlyLookup }),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < KEPT_BODY) body += chunk.slice(0, KEPT_BODY - body.length);
        });
        res.on('end', () => finish(done({ statusCode: res.statusCode ?? null, body, error: null })));
        res.on('error', (e) => finish(done({ statusCode: res.statusCode ?? null, body, error: e.message })));
      },
    );
    const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
    const timer = setTimeout(() => {
      req.destroy();
      finish(done({ statusCode: null, body: '', error: `timed out after ${timeoutMs / 1000} s` }));
    }, timeoutMs);
    req.on('error', (e) => finish(done({ statusCode: null, body: '', error: e.message })));
    req.end(payload);
  });
}
