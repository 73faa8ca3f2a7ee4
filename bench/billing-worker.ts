// One engine process of the billing benchmark: connects, says `ready`, waits for `go` on stdin,
// runs everything due on the system clock up to UNTIL, and reports progress and memory as JSON lines.
import { PgDb } from '../src/store/db.ts';
import { runDue } from '../src/engine/due-work.ts';
import { composeRecur } from '../src/cli/compose.ts';
import { systemClock } from '../src/core/clock.ts';
import { createTestCardProcessor } from '../src/payments/test-card-processor.ts';
import { memoryLedger } from '../src/payments/charge-ledger.ts';

const url = process.env.DATABASE_URL!;
const until = Number(process.env.UNTIL);
const batch = process.env.ENGINE_BATCH ? Number(process.env.ENGINE_BATCH) : undefined;
const db = PgDb.connect(url, 2);
await db.query('SELECT 1');
const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

let peak = process.memoryUsage().rss;
const samples: number[] = [];
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peak = Math.max(peak, rss);
  samples.push(rss);
}, 250);

say({ ready: true });
await new Promise<void>((ok) => process.stdin.once('data', () => ok()));
let done = 0;
const progress = setInterval(() => say({ done, rss: process.memoryUsage().rss }), 1000);
// The test processor keeps its books in memory here, as an external processor would keep its own:
// its table ledger (for crash tests across processes) costs a committed write per charge that is
// no work of Recur's.
const gateway = createTestCardProcessor({ ledger: memoryLedger(10_000) });
await runDue(composeRecur({ db, clock: systemClock, engineBatch: batch || undefined, gateway }).engine, { testClock: null, until }, (n) => (done = n));
clearInterval(progress);
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
say({ finished: done, peakRss: peak, samples });
await db.close();
process.exit(0);
