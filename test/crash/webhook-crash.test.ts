// The webhook crash test: the delivering engine process is killed with SIGKILL in the middle of a
// batch of POSTs, and again after every POST of a batch was answered but before the outcomes were
// recorded; after a restart (once the leases ran out) every event has arrived at least once, each
// object's events first arrived in the order they happened, and every delivery is recorded succeeded.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { recordEvent } from '../../src/events/record-event.ts';
import { DELIVERY_LEASE } from '../../src/services/webhooks/deliver-webhooks.ts';

const WORKER = fileURLToPath(new URL('./webhook-crash-worker.ts', import.meta.url));
const OBJECTS = 200;
const EVENTS_PER_OBJECT = 3;

let r: TestRecur;
let receiver: WebhookReceiver;
beforeAll(async () => {
  r = await startRecur({ compose: { webhooks: { allowPrivateAddresses: true } } });
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver.close();
  await r.close();
});

function runEngine(now: number, opts: { stopAt?: string; stopAfter?: number; onChild?: (c: ChildProcess) => void } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], {
    env: { ...process.env, DATABASE_URL: r.databaseUrl!, NOW: String(now), STOP_AT: opts.stopAt ?? '', STOP_AFTER: String(opts.stopAfter ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  opts.onChild?.(child);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((ok) => child.on('exit', (code, signal) => ok({ code, signal, out })));
}

describe('a crash during webhook delivery', () => {
  it('delivers every event at least once, in order per object, after SIGKILLs mid-batch and before recording', async () => {
    const endpoint = await r.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    await r.db.transaction(async (tx) => {
      for (let round = 0; round < EVENTS_PER_OBJECT; round++)
        for (let i = 0; i < OBJECTS; i++)
          await recordEvent(r.context(tx), round === 0 ? 'customer.created' : 'customer.updated', { id: `cus_crash${i}`, object: 'customer', name: `v${round}` });
    });
    const [{ n: deliveries }] = await r.db.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1`, [endpoint.id]);
    expect(deliveries).toBe(OBJECTS * EVENTS_PER_OBJECT);
    const t0 = r.clock.now();

    // 1. Killed from outside while the first batch's POSTs are in flight.
    let child: ChildProcess | null = null;
    receiver.answer = () => {
      if (receiver.received.length === 50) child?.kill('SIGKILL');
      return 200;
    };
    const a = await runEngine(t0, { onChild: (c) => (child = c) });
    expect(a.signal, a.out).toBe('SIGKILL');
    receiver.answer = () => 200;
    const afterA = receiver.received.length;
    expect(afterA).toBeGreaterThanOrEqual(50);

    // 2. Leases run out; killed after a batch's POSTs were all answered, before their outcomes are recorded.
    const b = await runEngine(t0 + DELIVERY_LEASE, { stopAt: 'record', stopAfter: 1 });
    expect(b.signal, b.out).toBe('SIGKILL');
    expect(receiver.received.length).toBeGreaterThan(afterA);

    // 3. Restarted after the leases ran out again: runs to the end.
    const c = await runEngine(t0 + 2 * DELIVERY_LEASE);
    expect(c.code, c.out).toBe(0);

    const received = receiver.received.map((h) => h.event);
    const ids = new Set(received.map((e) => e.id));
    const [{ n: events }] = await r.db.query(`SELECT count(*)::int AS n FROM events WHERE object_id LIKE 'cus_crash%'`);
    expect(ids.size).toBe(events);
    const firstSeen: Record<string, string[]> = {};
    for (const e of received) {
      const names = (firstSeen[e.data.object.id] ??= []);
      if (!names.includes(e.data.object.name)) names.push(e.data.object.name);
    }
    for (let i = 0; i < OBJECTS; i++) expect(firstSeen[`cus_crash${i}`]).toEqual(['v0', 'v1', 'v2']);
    const statuses = await r.db.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 GROUP BY status`, [endpoint.id]);
    expect(statuses).toEqual([{ status: 'succeeded', n: OBJECTS * EVENTS_PER_OBJECT }]);
    console.log(`webhook crash: ${received.length} POSTs for ${ids.size} events (${received.length - ids.size} repeated after the kills)`);
  });
});
