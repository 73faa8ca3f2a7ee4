// What runs beside the API inside `recur serve`: the engine loop and the pages (dashboard,
// hosted invoices). Later layers add themselves here.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../store/db.ts';
import type { Clock } from '../engine/clock.ts';
import type { AppServices } from '../api/route.ts';

export interface Runtime {
  services: AppServices;
  plugins: Array<(app: FastifyInstance) => void | Promise<void>>;
  stop(): Promise<void>;
}

export async function startRuntime(_db: Db, _clock: Clock): Promise<Runtime> {
  const placeholderDashboard = (app: FastifyInstance) => {
    app.get('/dashboard', async (_req, reply) =>
      reply.type('text/html').send('<!doctype html><title>Recur</title><h1>Recur dashboard</h1><p>The dashboard is coming. The API is at <code>/v1</code>.</p>'),
    );
  };
  return { services: {}, plugins: [placeholderDashboard], stop: async () => {} };
}
