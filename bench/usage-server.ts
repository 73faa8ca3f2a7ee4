// Child process for bench/usage.ts: Recur's API on DATABASE_URL (already migrated and seeded), with
// the usage fold loop beside it, as `recur serve` runs them. Reports its port over IPC; exits when the
// driver disconnects.
import { buildApp } from '../src/api/app.ts';
import { ensureApiKey } from '../src/api/http/auth.ts';
import { PgDb } from '../src/store/db.ts';
import { systemClock } from '../src/core/clock.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { startUsageFoldLoop } from '../src/engine/usage-fold-loop.ts';

const db = PgDb.connect(process.env.DATABASE_URL!, Number(process.env.BENCH_POOL ?? 10));
await ensureApiKey(db, systemClock.now(), process.env.RECUR_API_KEY!);
const recur = composeRecur({ db, clock: systemClock });
const app = await buildApp({ context: recur.context });
const folding = startUsageFoldLoop(recur.engine);
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port });
process.on('disconnect', async () => {
  await app.close();
  await folding.stop();
  await db.close();
  process.exit(0);
});
