// What runs beside the API inside `recur serve`: the engine loop on the system clock and the
// pages (dashboard, hosted invoices). Later layers add themselves here.
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock.ts';
import type { Composed } from './compose.ts';
import { startEngineLoop } from '../engine/engine-loop.ts';
import { resumeTestClockAdvances } from '../engine/resume-test-clocks.ts';

export interface Runtime {
  plugins: Array<(app: FastifyInstance) => void | Promise<void>>;
  stop(): Promise<void>;
}

export async function startRuntime(recur: Composed, clock: Clock, opts: { engine?: boolean } = {}): Promise<Runtime> {
  const placeholderDashboard = (app: FastifyInstance) => {
    app.get('/dashboard', async (_req, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Recur</title><h1>Recur dashboard</h1><p>The dashboard is coming. The API is at <code>/v1</code>.</p>'),
    );
  };
  let loop: { stop(): Promise<void> } | null = null;
  if (opts.engine !== false) {
    await resumeTestClockAdvances(recur.engine, clock);
    loop = startEngineLoop(recur.engine, clock);
  }
  return { plugins: [placeholderDashboard], stop: async () => loop?.stop() };
}
