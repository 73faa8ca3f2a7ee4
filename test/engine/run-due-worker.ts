// A separate engine process for the concurrency tests: opens DATABASE_URL and runs everything
// due on the system clock up to UNTIL, printing progress lines (`done N`) and a final count.
import { PgDb } from '../../src/store/db.ts';
import { runDue } from '../../src/engine/due-work.ts';
import { composeRecur } from '../../src/cli/compose.ts';
import { systemClock } from '../../src/core/clock.ts';

const url = process.env.DATABASE_URL;
const until = Number(process.env.UNTIL);
if (!url || !Number.isFinite(until)) throw new Error('DATABASE_URL and UNTIL are required');

const db = PgDb.connect(url, 2);
// Small batches, so that two processes share the work and a kill lands between batches.
const done = await runDue(composeRecur({ db, clock: systemClock, engineBatch: 10 }).engine, { testClock: null, until }, (n) => {
  console.log(`done ${n}`);
});
console.log(`finished ${done}`);
await db.close();
