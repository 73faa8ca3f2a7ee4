// `recur listen` as a developer runs it: it prints a signing secret, forwards new events (those
// named with --events) from a running Recur to a local URL, signed so constructEvent verifies them,
// and prints one line per event with the status the URL answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Stripe from 'stripe';
import { startRecur, TEST_API_KEY, type TestRecur } from '../support/recur.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';

const ROOT = join(import.meta.dirname, '../..');
let r: TestRecur;
let receiver: WebhookReceiver;
let child: ChildProcess | null = null;
beforeAll(async () => {
  r = await startRecur();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await receiver.close();
  await r.close();
});

async function waitFor<T>(what: string, fn: () => T | undefined | false, ms = 60_000): Promise<T> {
  for (let waited = 0; waited < ms; waited += 100) {
    const v = fn();
    if (v) return v;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('recur listen', () => {
  it('forwards new events of the named types, signed, one line each with the answer', async () => {
    await r.stripe.customers.create({ name: 'Before listen' });
    receiver.answer = (h) => (h.event.data.object.name === 'Teapot' ? 418 : 200);
    child = spawn(
      process.execPath,
      [join(ROOT, 'bin/recur.js'), 'listen', '--forward-to', receiver.url, '--events', 'customer.created,product.*', '--api-key', TEST_API_KEY, '--api-base', r.url],
      { cwd: ROOT, env: { ...process.env, RECUR_SOURCE: '1' } },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const secret = await waitFor('the signing secret', () => /signing secret is (whsec_[0-9a-f]+)/.exec(out)?.[1]);

    const customer = await r.stripe.customers.create({ name: 'Ada' });
    await r.stripe.customers.update(customer.id, { name: 'Ada L.' }); // not named: not forwarded
    const product = await r.stripe.products.create({ name: 'Teapot' });
    await waitFor('two forwarded events', () => receiver.received.length >= 2 && out.includes('product.created'));
    await new Promise((res) => setTimeout(res, 1500));

    const verifier = new Stripe('sk_test_unused');
    const events = receiver.received.map((h) => verifier.webhooks.constructEvent(h.body, h.signature, secret));
    expect(events.map((e) => [e.type, (e.data.object as any).id])).toEqual([
      ['customer.created', customer.id],
      ['product.created', product.id],
    ]);
    const lines = out.split('\n').filter((l) => l.includes('-->'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d  --> customer\\.created \\[${events[0].id}\\]  <-- \\[200\\]`));
    expect(lines[1]).toContain(`product.created [${events[1].id}]  <-- [418]`);
    expect(out).not.toContain('Before listen');
  });
});
