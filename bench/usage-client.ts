// Child process for bench/usage.ts: the official SDK streaming the benchmark's events to Recur
// through v2 meterEventStream (a session token, batches of BATCH events, IN_FLIGHT requests at
// once). Prints one JSON line: events sent, seconds, batch latencies.
import Stripe from 'stripe';
import { benchEvents } from './usage-events.ts';

const port = Number(process.env.PORT);
const key = process.env.RECUR_API_KEY!;
const n = Number(process.env.EVENTS);
const start = Number(process.env.START);
const batchSize = Number(process.env.BATCH ?? 10_000);
const inFlight = Number(process.env.IN_FLIGHT ?? 4);

const opts = { host: '127.0.0.1', port, protocol: 'http' as const, maxNetworkRetries: 2, timeout: 120_000 };
const admin = new Stripe(key, opts);
let session = await admin.v2.billing.meterEventSession.create();
let stream = new Stripe(session.authentication_token, opts);

const events = benchEvents(n, start);
type StreamEvent = { event_name: string; identifier: string; timestamp: string; payload: Record<string, string> };
function nextBatch(): StreamEvent[] | null {
  const out: StreamEvent[] = [];
  while (out.length < batchSize) {
    const e = events.next();
    if (e.done) break;
    const v = e.value;
    out.push({ event_name: v.event_name, identifier: v.identifier, timestamp: new Date(v.timestamp * 1000).toISOString(), payload: { stripe_customer_id: v.customer, value: String(v.value) } });
  }
  return out.length ? out : null;
}

const latencies: number[] = [];
let sent = 0;
const t0 = performance.now();
async function sender() {
  for (let batch = nextBatch(); batch; batch = nextBatch()) {
    // Sessions last 15 minutes: renew well before.
    if (Date.parse(session.expires_at) - Date.now() < 60_000) {
      session = await admin.v2.billing.meterEventSession.create();
      stream = new Stripe(session.authentication_token, opts);
    }
    const b0 = performance.now();
    await stream.v2.billing.meterEventStream.create({ events: batch });
    latencies.push(performance.now() - b0);
    sent += batch.length;
  }
}
await Promise.all(Array.from({ length: inFlight }, sender));
const seconds = (performance.now() - t0) / 1000;
const usage = process.cpuUsage();
console.log(JSON.stringify({ sent, seconds, latencies, cpu: (usage.user + usage.system) / 1e6 }));
