// `recur listen --forward-to URL`: like `stripe listen`, forwards every new event (or those named
// with --events) from a running Recur to a local URL, signed with a secret it prints, one line
// per event with the status the URL answered. It polls GET /v1/events from the newest event at
// start, oldest first.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock } from '../core/clock.ts';
import { signatureHeader } from '../events/webhooks/sign.ts';
import { postWebhook } from '../events/webhooks/post-webhook.ts';

const USAGE = 'Usage: recur listen --forward-to URL [--events type,type] [--api-key sk_test_…] [--api-base http://127.0.0.1:4242]';
const POLL_MS = 500;

export interface ListenOptions {
  forwardTo: string;
  events: string[] | null;
  apiKey: string;
  apiBase: string;
}

export function parseListenArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ListenOptions {
  const value = (name: string) => {
    const i = args.indexOf(name);
    if (i === -1) return undefined;
    const v = args[i + 1];
    if (!v || v.startsWith('--')) throw new Error(`${name} needs a value.\n${USAGE}`);
    return v;
  };
  const forwardTo = value('--forward-to') ?? value('-f');
  if (!forwardTo) throw new Error(`--forward-to is required.\n${USAGE}`);
  if (!/^https?:\/\//.test(forwardTo)) throw new Error(`--forward-to must be an http or https URL, got ${forwardTo}`);
  const keyFile = join(env.RECUR_DATA_DIR ?? join(process.cwd(), '.recur-data'), 'secret-key');
  const apiKey = value('--api-key') ?? env.RECUR_API_KEY ?? (existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : undefined);
  if (!apiKey) throw new Error(`No API key: pass --api-key, set RECUR_API_KEY, or run beside the .recur-data folder of \`npm start\`.\n${USAGE}`);
  const events = value('--events')?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  return { forwardTo, events, apiKey, apiBase: (value('--api-base') ?? `http://127.0.0.1:${env.PORT ?? 4242}`).replace(/\/$/, '') };
}

/** The same secret for the same API key on every run, as `stripe listen` keeps one per account. */
export function listenSecret(apiKey: string): string {
  return `whsec_${createHmac('sha256', apiKey).update('recur listen').digest('hex')}`;
}

function wanted(filter: string[] | null, type: string): boolean {
  if (!filter) return true;
  return filter.some((f) => f === '*' || f === type || (f.endsWith('.*') && type.startsWith(f.slice(0, -1))));
}

async function getEvents(o: ListenOptions, query: string): Promise<{ data: any[]; has_more: boolean }> {
  const res = await fetch(`${o.apiBase}/v1/events?${query}`, { headers: { authorization: `Bearer ${o.apiKey}` } });
  const body: any = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`GET /v1/events answered ${res.status}: ${body?.error?.message ?? 'no error message'}`);
  return body;
}

const stamp = (unix: number) => new Date(unix * 1000).toISOString().replace('T', ' ').slice(0, 19);

export async function listen(args: string[], out: (line: string) => void = console.log): Promise<void> {
  const o = parseListenArgs(args);
  const secret = listenSecret(o.apiKey);
  let cursor: string | null = (await getEvents(o, 'limit=1')).data[0]?.id ?? null;
  out(`Ready! Your webhook signing secret is ${secret} (^C to quit)`);
  out(`Forwarding ${o.events ? o.events.join(', ') : 'every event'} from ${o.apiBase} to ${o.forwardTo}`);
  let stopped = false;
  const stop = () => void (stopped = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  while (!stopped) {
    let page: { data: any[]; has_more: boolean };
    try {
      page = await getEvents(o, cursor ? `limit=100&ending_before=${encodeURIComponent(cursor)}` : 'limit=100');
    } catch (e) {
      out(`${stamp(systemClock.now())}  could not read events: ${e instanceof Error ? e.message : e}`);
      await new Promise((r) => setTimeout(r, POLL_MS * 4));
      continue;
    }
    // The page lists the events just after the cursor, newest first: forward them oldest first.
    for (const event of [...page.data].reverse()) {
      cursor = event.id;
      if (!wanted(o.events, event.type)) continue;
      const payload = JSON.stringify(event);
      const r = await postWebhook(o.forwardTo, payload, { 'Stripe-Signature': signatureHeader(payload, secret, systemClock.now()) }, { allowPrivate: true });
      out(`${stamp(systemClock.now())}  --> ${event.type} [${event.id}]  <-- ${r.statusCode !== null ? `[${r.statusCode}]` : `[failed: ${r.error}]`} POST ${o.forwardTo}`);
    }
    if (!page.has_more) await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
