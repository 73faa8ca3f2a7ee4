// Property: whatever the stream of events — duplicates, cancellations, out-of-order and late
// timestamps, periods that do not start on the hour, batches folded one by one as they come or
// left waiting until the read — the quantity a metered invoice line bills (usageOver, which renewal
// and finalization call) equals a brute-force recount of the events; for a meter with an
// event_time_window, the domain's definition of pre-aggregation over them.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { createMeter } from '../../src/services/meters/create-meter.ts';
import { usageOver } from '../../src/services/subscriptions/subscription-lines.ts';
import { PgUsageStore } from '../../src/store/usage/pg-usage-store.ts';
import type { UsageEvent } from '../../src/core/usage-store.ts';
import { partsOf, meterQuantity, type MeterFormula } from '../../src/domain/usage/meter-aggregation.ts';
import { preAggregatedParts } from '../../src/domain/usage/pre-aggregation.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const T0 = 1_767_225_600 + 1234; // periods start off the hour
const PERIOD = 10 * 3600 + 17; // and are not whole hours
const PERIODS = 4;

type Step = { kind: 'event'; id: number; offset: number; value: number; customer: number } | { kind: 'cancel'; id: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('event' as const), id: fc.integer({ min: 0, max: 60 }), offset: fc.integer({ min: -3600, max: PERIODS * PERIOD + 3600 }), value: fc.integer({ min: 0, max: 1000 }), customer: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), id: fc.integer({ min: 0, max: 60 }) }) },
);

let run = 0;

/** Plays the steps into a new meter; returns the meter, its two customers and the model of what counts. */
async function play(store: PgUsageStore, steps: Step[], batch: number, formula: MeterFormula, foldsPerFlush: number, window?: 'hour') {
  run++;
  const meter = await createMeter(r.context(), { display_name: 'p', event_name: `prop_${run}`, default_aggregation: { formula }, event_time_window: window });
  const customers = [`cus_prop${run}a`, `cus_prop${run}b`];
  // The model: the first arrival of an identifier counts (in arrival order); a cancel removes it for good (all within 24 h).
  const counted = new Map<string, UsageEvent & { canceled: boolean; arrival: number }>();
  let pending: UsageEvent[] = [];
  const flush = async () => {
    await store.ingest(r.db, pending, r.clock.now());
    pending = [];
    // Some batches are folded as they come (one per fold), the rest by the reads.
    for (let k = 0; k < foldsPerFlush; k++) await store.fold(r.db, { limit: 1 });
  };
  for (const s of steps) {
    const identifier = `prop${run}-${s.id}`;
    if (s.kind === 'event') {
      const e = { identifier, meterId: meter.id, customerId: customers[s.customer], timestamp: T0 + s.offset, value: s.value };
      pending.push(e);
      if (!counted.has(identifier)) counted.set(identifier, { ...e, canceled: false, arrival: counted.size });
      if (pending.length >= batch) await flush();
    } else {
      await flush();
      await store.cancel(r.db, identifier);
      const c = counted.get(identifier);
      if (c) c.canceled = true;
    }
  }
  await flush();
  const spans = customers.flatMap((customer) =>
    Array.from({ length: PERIODS }, (_, k) => ({ id: `${customer}/${k}`, meter: meter.id, customer, start: T0 + k * PERIOD, end: T0 + (k + 1) * PERIOD })),
  );
  const billed = await usageOver(store, r.db, spans);
  const live = (customer: string) => [...counted.values()].filter((e) => !e.canceled && e.customerId === customer);
  return { spans, billed, live };
}

const streams = [fc.array(step, { maxLength: 120 }), fc.integer({ min: 1, max: 25 }), fc.constantFrom<MeterFormula>('sum', 'count', 'last'), fc.integer({ min: 0, max: 2 })] as const;

describe('usage aggregation', () => {
  it('bills every period exactly what a recount of the events gives', async () => {
    const store = new PgUsageStore();
    await fc.assert(
      fc.asyncProperty(...streams, async (steps, batch, formula, foldsPerFlush) => {
        const { spans, billed, live } = await play(store, steps, batch, formula, foldsPerFlush);
        for (const s of spans) {
          const inSpan = live(s.customer).filter((e) => e.timestamp >= s.start && e.timestamp < s.end);
          expect(billed.get(s.id), `${formula} ${s.id}`).toBe(meterQuantity(formula, partsOf(inSpan)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('with an hourly event_time_window, bills what the domain pre-aggregation of the events gives', async () => {
    const store = new PgUsageStore();
    await fc.assert(
      fc.asyncProperty(...streams, async (steps, batch, formula, foldsPerFlush) => {
        const { spans, billed, live } = await play(store, steps, batch, formula, foldsPerFlush, 'hour');
        for (const s of spans)
          expect(billed.get(s.id), `${formula} ${s.id}`).toBe(meterQuantity(formula, preAggregatedParts(live(s.customer), s, 3600)));
      }),
      { numRuns: 25 },
    );
  });
});
