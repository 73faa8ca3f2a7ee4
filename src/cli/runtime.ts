// What runs beside the API inside `recur serve`: the engine loop on the system clock and the
// pages (dashboard, hosted invoices). Later layers add themselves here.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import type { Clock } from '../engine/clock.ts';
import type { AppServices } from '../api/route.ts';
import { randomIds } from '../store/id-generator.ts';
import { startEngineLoop } from '../engine/engine-loop.ts';
import { resumeTestClockAdvances } from '../engine/resume-test-clocks.ts';

export interface Runtime {
  services: AppServices;
  plugins: Array<(app: FastifyInstance) => void | Promise<void>>;
  stop(): Promise<void>;
}

export async function startRuntime(db: Db, clock: Clock, opts: { publicUrl: string; engine?: boolean }): Promise<Runtime> {
  const services: AppServices = { publicUrl: opts.publicUrl };
  const deps = { db, ids: randomIds, services };
  const placeholderDashboard = (app: FastifyInstance) => {
    app.get('/dashboard', async (_req, reply) =>
      reply
        .type('text/html')
        .send('<!doctype html><title>Recur</title><h1>Recur dashboard</h1><p>The dashboard is coming. The API is at <code>/v1</code>.</p>'),
    );
  };
  let loop: { stop(): Promise<void> } | null = null;
  if (opts.engine !== false) {
    await resumeTestClockAdvances(deps, clock);
    loop = startEngineLoop(deps, clock);
  }
  return { services, plugins: [placeholderDashboard], stop: async () => loop?.stop() };
}
