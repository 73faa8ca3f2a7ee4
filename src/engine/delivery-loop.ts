// Webhook delivery inside `recur serve`: its own loop beside the due-work loop, so that a slow
// endpoint holds up neither billing nor email and an event goes out within a fraction of a second.
import type { Clock } from '../core/clock.ts';
import type { EngineDeps } from './due-work.ts';

export interface DeliveryLoop {
  stop(): Promise<void>;
}

/** Drains due deliveries; when nothing was due, waits `idleMs` before looking again. */
export function startDeliveryLoop(deps: EngineDeps, clock: Clock, idleMs = 100): DeliveryLoop {
  let stopped = false;
  let wake: (() => void) | null = null;
  const deliver = deps.deliveries;
  const running = (async () => {
    if (!deliver) return;
    while (!stopped) {
      let attempted = 0;
      try {
        attempted = await deliver({ ...deps, clock });
      } catch (e) {
        console.error('engine webhooks:', e);
      }
      if (attempted === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, idleMs).unref?.();
        });
        wake = null;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await running;
    },
  };
}
