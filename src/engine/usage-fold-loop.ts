// Usage folding inside `recur serve`: its own loop beside the due-work loop, folding acknowledged
// meter events into the usage tables as fast as they come, so that reads (which fold what is still
// waiting before they answer) rarely find anything left to do.
import type { UsageStore } from '../core/usage-store.ts';
import type { Db } from '../core/db.ts';

export interface UsageFoldLoop {
  stop(): Promise<void>;
}

/**
 * Folds chunk after chunk while batches wait; when none did (or another process was folding), waits
 * `idleMs` before looking again.
 */
export function startUsageFoldLoop(deps: { db: Db; usage: UsageStore }, idleMs = 100): UsageFoldLoop {
  let stopped = false;
  let wake = () => {};
  const run = async () => {
    while (!stopped) {
      let batches = 0;
      try {
        batches = (await deps.usage.fold(deps.db, { skipIfBusy: true })).batches;
      } catch (e) {
        console.error('usage fold:', e);
      }
      if (batches === 0 && !stopped)
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, idleMs).unref?.();
        });
    }
  };
  const running = run();
  return {
    async stop() {
      stopped = true;
      wake();
      await running;
    },
  };
}
