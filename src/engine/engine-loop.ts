// The engine inside `recur serve`: every tick, run what the system clock says is due.
import type { Clock } from '../core/clock.ts';
import { runDue, type EngineDeps } from './due-work.ts';
import { purgeExpiredKeys } from '../store/idempotency-keys.ts';
import { purgeEventsBefore } from '../store/webhooks/webhook-store.ts';
import { EVENT_RETENTION } from '../services/events/events.ts';

export interface EngineLoop {
  stop(): Promise<void>;
}

/** Each outbox on its own: one that fails (an SMTP outage) holds up neither billing nor the others. */
export async function runOutboxes(deps: EngineDeps, clock: Clock): Promise<void> {
  for (const outbox of deps.outboxes ?? []) {
    await outbox({ ...deps, clock }).catch((e) => console.error('engine outbox:', e));
  }
}

export function startEngineLoop(deps: EngineDeps, clock: Clock, intervalMs = 1000): EngineLoop {
  let running: Promise<unknown> | null = null;
  let ticks = 0;
  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        await runDue(deps, { testClock: null, until: clock.now() });
      } finally {
        await runOutboxes(deps, clock);
      }
      if (++ticks % 600 === 1) {
        await purgeExpiredKeys(deps.db, clock.now());
        while ((await purgeEventsBefore(deps.db, clock.now() - EVENT_RETENTION)) > 0);
      }
    })()
      .catch((e) => console.error('engine:', e))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
