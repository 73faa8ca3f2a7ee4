// Child process for bench/webhooks.ts. MODE=recur: Recur's webhook delivery loop (the engine's,
// on the system clock) against DATABASE_URL until killed. MODE=baseline: BENCH_N plain signed
// POSTs of events of the same size to URL from this one process (keep-alive, the same concurrency
// as Recur's), then prints the seconds taken.
import { PgDb } from '../src/store/db.ts';
import { systemClock, monotonicMs } from '../src/core/clock.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { startDeliveryLoop } from '../src/engine/delivery-loop.ts';
import { DELIVERY_CONCURRENCY } from '../src/services/webhooks/deliver-webhooks.ts';
import { postWebhook } from '../src/events/webhooks/post-webhook.ts';
import { signatureHeader } from '../src/events/webhooks/sign.ts';
import { mapBounded } from '../src/payments/attempt-protocol.ts';
import { benchEvent } from './webhooks-events.ts';

if (process.env.MODE === 'recur') {
  const db = PgDb.connect(process.env.DATABASE_URL!, 8);
  const recur = composeRecur({ db, clock: systemClock, webhooks: { allowPrivateAddresses: true } });
  startDeliveryLoop(recur.engine, systemClock, 20);
  console.log('ready');
} else {
  const n = Number(process.env.BENCH_N);
  const url = process.env.URL!;
  const secret = 'whsec_baseline';
  const ids = Array.from({ length: n }, (_, i) => i);
  const t0 = monotonicMs();
  await mapBounded(ids, DELIVERY_CONCURRENCY, async (i) => {
    const payload = JSON.stringify(benchEvent(`evt_base${i}`, `cus_base${i}`, 0));
    const r = await postWebhook(url, payload, { 'Stripe-Signature': signatureHeader(payload, secret, systemClock.now()) }, { allowPrivate: true });
    if (!r.ok) throw new Error(`baseline POST failed: ${r.statusCode} ${r.error}`);
  });
  console.log(JSON.stringify({ seconds: (monotonicMs() - t0) / 1000 }));
  process.exit(0);
}
