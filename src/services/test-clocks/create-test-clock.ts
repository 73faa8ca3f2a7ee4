// Creates a test clock frozen at a chosen instant; customers created on it live on its time.
import type { ServiceContext } from '../../core/context.ts';
import { recordEvent } from '../../events/record-event.ts';
import { insertTestClock, type TestClock } from './test-clock-store.ts';

/** Stripe deletes unused test clocks after 30 days. */
const LIFETIME_SECONDS = 30 * 24 * 3600;

export async function createTestClock(ctx: ServiceContext, input: { frozen_time: number; name?: string }): Promise<TestClock> {
  const now = ctx.clock.now();
  const clock: TestClock = {
    id: ctx.ids.next('clock'),
    object: 'test_helpers.test_clock',
    created: now,
    deletes_after: now + LIFETIME_SECONDS,
    frozen_time: input.frozen_time,
    livemode: false,
    name: input.name ?? null,
    status: 'ready',
    status_details: {},
  };
  await insertTestClock(ctx.db, clock);
  await recordEvent(ctx, 'test_helpers.test_clock.created', clock);
  return clock;
}
