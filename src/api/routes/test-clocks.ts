// /v1/test_helpers/test_clocks: create, retrieve, list, delete, advance.
import { route } from '../route.ts';
import type { ServiceContext } from '../../core/context.ts';
import { listParams, str, timestamp, z } from '../params.ts';
import { listEnvelope } from '../../store/list.ts';
import { createTestClock } from '../../services/test-clocks/create-test-clock.ts';
import { deleteTestClock } from '../../services/test-clocks/delete-test-clock.ts';
import { beginAdvance, completeAdvance } from '../../services/test-clocks/advance-test-clock.ts';
import { loadTestClock } from '../../services/test-clocks/test-clock-store.ts';

/** How long an advance request waits for the work before answering `advancing` (it then goes on). */
const ADVANCE_WAIT_MS = 25_000;

export const testClockRoutes = [
  route({
    method: 'POST',
    path: '/v1/test_helpers/test_clocks',
    summary: 'Create a test clock',
    params: z.strictObject({ frozen_time: timestamp(), name: str({ max: 300 }).optional() }),
    handler: (ctx, p) => createTestClock(ctx, p),
  }),
  route({
    method: 'GET',
    path: '/v1/test_helpers/test_clocks/:id',
    summary: 'Retrieve a test clock',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => loadTestClock(ctx.db, path.id),
  }),
  route({
    method: 'GET',
    path: '/v1/test_helpers/test_clocks',
    summary: 'List test clocks',
    params: z.strictObject(listParams),
    handler: (ctx, p) => listEnvelope(ctx.db, 'test_clocks', '/v1/test_helpers/test_clocks', p, [], 'test_helpers.test_clock'),
  }),
  route({
    method: 'DELETE',
    path: '/v1/test_helpers/test_clocks/:id',
    summary: 'Delete a test clock and its customers',
    params: z.strictObject({}),
    handler: (ctx, _p, path) => deleteTestClock(ctx, path.id),
  }),
  route({
    method: 'POST',
    path: '/v1/test_helpers/test_clocks/:id/advance',
    summary: 'Advance a test clock, running everything due up to the new time',
    params: z.strictObject({ frozen_time: timestamp() }),
    transaction: false,
    handler: async (ctx, p, path) => {
      const advancing = await beginAdvance(ctx, path.id, p.frozen_time);
      const work = completeAdvance(ctx, path.id, p.frozen_time);
      work.catch((e) => console.error(`test clock ${path.id}:`, e));
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        work.then((ready) => ready).catch(() => null),
        new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ADVANCE_WAIT_MS))),
      ]);
      clearTimeout(timer);
      return waited ?? (await loadTestClock(ctx.db, path.id).catch(() => advancing));
    },
  }),
];
