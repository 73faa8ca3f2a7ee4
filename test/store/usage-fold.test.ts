// Folding acknowledged batches into counted usage: the 24-hour identifier window runs on arrival
// times whether the arrivals are folded together or apart, a batch's own duplicates count once,
// and reads and cancellations see events that are still waiting to be folded.
import { describe, expect, it } from 'vitest';
import { recurForFile } from '../support/recur.ts';
import { DAY, JAN_1 as T0 } from '../support/calendar.ts';
import { PgUsageStore } from '../../src/store/usage/pg-usage-store.ts';
import type { UsageEvent } from '../../src/core/usage-store.ts';

const r = recurForFile();
let run = 0;

/** A fresh meter and customer, and a helper making their events. */
function scope() {
  run++;
  const meterId = `mtr_fold${run}`;
  const customerId = `cus_fold${run}`;
  const event = (identifier: string, value: number, timestamp = T0 + 60): UsageEvent => ({ identifier: `${run}-${identifier}`, meterId, customerId, timestamp, value });
  const total = async (store: PgUsageStore) => (await store.aggregate(r.db, [{ meterId, customerId, start: T0, end: T0 + 3 * DAY }]))[0];
  return { event, total };
}

describe('folding acknowledged batches', () => {
  it('counts an identifier again only 24 hours after its counted arrival, folded together or apart', async () => {
    for (const apart of [false, true]) {
      const store = new PgUsageStore();
      const { event, total } = scope();
      const arrivals: Array<[number, UsageEvent]> = [
        [T0, event('x', 1)],
        [T0 + DAY - 1, event('x', 10)], // within 24 h of the first: dropped
        [T0 + DAY, event('x', 100)], // 24 h after the counted arrival: counts again
        [T0 + DAY + 5, event('x', 1000)], // within 24 h of that one: dropped
      ];
      for (const [now, e] of arrivals) {
        await store.ingest(r.db, [e], now);
        if (apart) await store.fold(r.db);
      }
      const parts = await total(store);
      expect({ sum: parts.sum, count: parts.count }, apart ? 'folded apart' : 'folded together').toEqual({ sum: 101, count: 2 }); // 1 + 100
    }
  });

  it("counts a batch's repeated identifier once, the first of it", async () => {
    const store = new PgUsageStore();
    const { event, total } = scope();
    await store.ingest(r.db, [event('a', 5, T0 + 100), event('b', 7), event('a', 50, T0 + 200)], T0);
    const parts = await total(store);
    expect(parts).toMatchObject({ sum: 12, count: 2 }); // 5 + 7
    expect(parts.lastTime).toBe(T0 + 100); // the repeat (later in time) was dropped
  });

  it('answers reads and cancellations with events still waiting', async () => {
    const store = new PgUsageStore();
    const { event, total } = scope();
    await store.ingest(r.db, [event('a', 3), event('b', 4)], T0);
    // Nothing folded yet: the read folds first.
    expect((await total(store)).sum).toBe(7);
    await store.ingest(r.db, [event('c', 8)], T0 + 10);
    const canceled = await store.cancel(r.db, `${run}-c`);
    expect(canceled).toMatchObject({ identifier: `${run}-c`, timestamp: T0 + 60 });
    expect((await total(store)).sum).toBe(7);
    expect(await store.cancel(r.db, `${run}-never`)).toBeNull();
  });

  it('leaves waiting batches in place when the transaction that folded them rolls back', async () => {
    const store = new PgUsageStore();
    const { event, total } = scope();
    await store.ingest(r.db, [event('a', 2)], T0);
    let counted = 0;
    const left = await r.db
      .transaction(async (tx) => {
        counted = (await store.fold(tx)).counted;
        throw new Error('rolled back');
      })
      .catch((e: Error) => e.message);
    expect(left).toBe('rolled back');
    expect(counted).toBeGreaterThanOrEqual(1);
    expect((await total(store)).sum).toBe(2);
  });

  it('lets a background fold skip, rather than wait, while another transaction folds', async () => {
    const store = new PgUsageStore();
    const { event, total } = scope();
    let release = () => {};
    const held = new Promise<void>((ok) => (release = ok));
    let holding = () => {};
    const holds = new Promise<void>((ok) => (holding = ok));
    // Another transaction holds the fold lock (a cancellation's, here with nothing to cancel).
    const other = r.db.transaction(async (tx) => {
      await store.cancel(tx, `${run}-nothing`);
      holding();
      await held;
    });
    await holds;
    await store.ingest(r.db, [event('a', 4)], T0);
    expect(await store.fold(r.db, { skipIfBusy: true })).toEqual({ batches: 0, events: 0, counted: 0 });
    release();
    await other;
    expect((await store.fold(r.db, { skipIfBusy: true })).counted).toBeGreaterThanOrEqual(1);
    expect((await total(store)).sum).toBe(4);
  });
});
