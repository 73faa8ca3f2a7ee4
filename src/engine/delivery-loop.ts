// Webhook delivery inside `recur serve`: its own loop beside the due-work loop, so that a slow
// endpoint holds up neither billing nor email and an event goes out within a fraction of a second.
import type { Clock } from '../core/clock.ts';
import type { EngineDeps } from './due-work.ts';

export interface DeliveryLoop {
  stop(): Promise<void>;
}

/**
 * Drains due deliveries; when nothing was due, waits `idleMs` before looking again. `workers`
 * loops run side by side, so one batch's database work overlaps another's POSTs (each claims its
 * own deliveries: a claim skips locked rows and leases what it takes).
 */
export function startDeliveryLoop(deps: EngineDeps, clock: Clock, idleMs = 100, workers = 2): DeliveryLoop {
  let stopped = false;
  const wakers = new Set<() => void>();
  const deliver = deps.deliveries;
  const worker = async () => {
    if (!deliver) return;
    while (!stopped) {
      let attempted = 0;
      try {
        attempted = await deliver({ ...deps, clock });
      } catch (e) {
        console.error('engine webhooks:', e);
      }
      if (attempted === 0 && !stopped) {
        let wake = () => {};
        await new Promise<void>((resolve) => {
          wake = resolve;
          wakers.add(wake);
          setTimeout(resolve, idleMs).unref?.();
        });
        wakers.delete(wake);
      }
    }
  };
  const running = Promise.all(Array.from({ length: workers }, worker));
  return {
    async stop() {
      stopped = true;
      for (const wake of wakers) wake();
      await running;
    },
  };
}
