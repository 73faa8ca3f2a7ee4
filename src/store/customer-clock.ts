// A customer created on a test clock lives on that clock's time: services acting for such a
// customer take `now` from the clock's frozen_time instead of the system clock.
import type { ServiceContext } from '../core/context.ts';
import type { Db } from './db.ts';
import { FixedClock, type UnixSeconds } from '../core/clock.ts';

/** The instant it is for this test clock (null: the system clock). */
export async function testClockTime(db: Db, testClockId: string | null | undefined): Promise<UnixSeconds | null> {
  if (!testClockId) return null;
  const rows = await db.query('SELECT frozen_time FROM test_clocks WHERE id = $1', [testClockId]);
  return rows.length ? Number(rows[0].frozen_time) : null;
}

/** The context to act in for a customer: the same, or one whose clock is the customer's test clock. */
export async function contextForCustomer<C extends Pick<ServiceContext, 'db' | 'clock'>>(
  ctx: C,
  customer: { test_clock?: unknown },
): Promise<C> {
  const clockId = typeof customer.test_clock === 'string' ? customer.test_clock : null;
  const t = await testClockTime(ctx.db, clockId);
  return t === null ? ctx : { ...ctx, clock: new FixedClock(t) };
}

/** A context pinned to an instant (the engine runs due work "at" the time it was due). */
export function contextAt<C extends Pick<ServiceContext, 'clock'>>(ctx: C, at: UnixSeconds): C {
  return { ...ctx, clock: new FixedClock(at) };
}
