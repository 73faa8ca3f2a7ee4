// Advancing a test clock: everything due for its customers runs in time order up to the new
// time — renewals, trial ends, finalizations, payment attempts, cancellations — exactly as the
// system clock would have run it. Any distance in one call; the same work as many small steps.
import type { ServiceContext } from '../../core/context.ts';
import { invalidRequest } from '../../core/errors.ts';
import { recordEvent } from '../../events/record-event.ts';
import { loadTestClock, saveTestClock, type TestClock } from './test-clock-store.ts';

/** Marks the clock advancing (committed at once so others see it), in its own transaction. */
export async function beginAdvance(ctx: ServiceContext, id: string, frozenTime: number): Promise<TestClock> {
  return ctx.db.transaction(async (tx) => {
    const clock = await loadTestClock(tx, id, { forUpdate: true });
    if (clock.status === 'advancing')
      throw invalidRequest('The test clock is already advancing; wait until its status is ready.', undefined, 'test_clock_advancing');
    if (frozenTime <= clock.frozen_time)
      throw invalidRequest(
        `The test clock can only move forward: frozen_time must be after the current frozen_time (${clock.frozen_time}).`,
        'frozen_time',
      );
    const advancing: TestClock = { ...clock, status: 'advancing', status_details: { advancing: { target_frozen_time: frozenTime } } };
    await saveTestClock(tx, advancing);
    await recordEvent({ ...ctx, db: tx }, 'test_helpers.test_clock.advancing', advancing);
    return advancing;
  });
}

/** Runs the due work up to the target, then marks the clock ready at the target time. */
export async function completeAdvance(deps: ServiceContext, id: string, frozenTime: number): Promise<TestClock> {
  try {
    await deps.runTestClock(deps, id, frozenTime);
  } catch (e) {
    await deps.db.transaction(async (tx) => {
      const clock = await loadTestClock(tx, id, { forUpdate: true });
      const failed: TestClock = { ...clock, status: 'internal_failure', status_details: {} };
      await saveTestClock(tx, failed);
      await recordEvent({ ...deps, db: tx }, 'test_helpers.test_clock.internal_failure', failed);
    });
    throw e;
  }
  return deps.db.transaction(async (tx) => {
    const clock = await loadTestClock(tx, id, { forUpdate: true });
    const ready: TestClock = { ...clock, frozen_time: frozenTime, status: 'ready', status_details: {} };
    await saveTestClock(tx, ready);
    await recordEvent({ ...deps, db: tx }, 'test_helpers.test_clock.ready', ready);
    return ready;
  });
}
