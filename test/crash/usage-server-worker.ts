// A Recur API process for the usage crash test: serves DATABASE_URL (already migrated) on PORT with
// the suite's API key and the system clock, folds usage in the background as `recur serve` does,
// and says "listening" once it accepts requests.
import { PgDb } from '../../src/store/db.ts';
import { composeRecur } from '../../src/cli/compose.ts';
import { systemClock } from '../../src/core/clock.ts';
import { buildApp } from '../../src/api/app.ts';
import { ensureApiKey } from '../../src/api/http/auth.ts';
import { startUsageFoldLoop } from '../../src/engine/usage-fold-loop.ts';

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 0);
if (!url) throw new Error('DATABASE_URL is required');
const db = PgDb.connect(url, 8);
await ensureApiKey(db, systemClock.now(), process.env.API_KEY);
const recur = composeRecur({ db, clock: systemClock });
const app = await buildApp({ context: recur.context });
startUsageFoldLoop(recur.engine);
await app.listen({ port, host: '127.0.0.1' });
console.log(`listening ${(app.server.address() as { port: number }).port}`);
