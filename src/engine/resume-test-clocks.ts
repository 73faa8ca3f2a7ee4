// A process that died during a test clock advance leaves the clock `advancing`; on start the
// engine finishes those advances (the work is idempotent: periods are invoiced exactly once).
import type { EngineDeps } from './due-work.ts';
import type { Clock } from '../core/clock.ts';
import { completeAdvance } from '../services/test-clocks/advance-test-clock.ts';

export async function resumeTestClockAdvances(deps: EngineDeps, clock: Clock): Promise<number> {
  const rows = await deps.db.query(`SELECT id, data FROM test_clocks WHERE status = 'advancing'`);
  for (const r of rows) {
    const target = r.data.status_details?.advancing?.target_frozen_time;
    if (typeof target === 'number') await completeAdvance({ ...deps, clock }, r.id, target);
  }
  return rows.length;
}
