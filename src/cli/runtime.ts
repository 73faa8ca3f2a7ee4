// What runs beside the API inside `recur serve`: the engine loop on the system clock and the
// pages (dashboard, hosted invoices). Later layers add themselves here.
import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import type { Clock } from '../core/clock.ts';
import type { Composed } from './compose.ts';
import { startEngineLoop } from '../engine/engine-loop.ts';
import { resumeTestClockAdvances } from '../engine/resume-test-clocks.ts';
import { startDeliveryLoop } from '../engine/delivery-loop.ts';
import { startUsageFoldLoop } from '../engine/usage-fold-loop.ts';
import { webPages } from '../api/web-pages.ts';

/** The browser apps built by Vite (scripts/build.mjs), from src/cli or dist/cli alike. */
export const WEB_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

export interface Runtime {
  plugins: Array<(app: FastifyInstance) => void | Promise<void>>;
  /** Starts the engine's loops: called once the API is listening, so their first pass does not delay it. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createRuntime(recur: Composed, clock: Clock, opts: { engine?: boolean } = {}): Runtime {
  const loops: Array<{ stop(): Promise<void> }> = [];
  return {
    plugins: [webPages(WEB_DIR)],
    async start() {
      if (opts.engine === false) return;
      await resumeTestClockAdvances(recur.engine, clock);
      loops.push(startEngineLoop(recur.engine, clock), startDeliveryLoop(recur.engine, clock), startUsageFoldLoop(recur.engine));
    },
    stop: async () => void (await Promise.all(loops.map((l) => l.stop()))),
  };
}
