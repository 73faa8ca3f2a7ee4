// An engine process for the webhook crash test: delivers everything due at NOW (Unix seconds) on
// DATABASE_URL, then prints `delivered N`. With STOP_AT=record it kills itself with SIGKILL when
// the STOP_AFTER-th batch's outcomes are about to be recorded (every POST of the batch answered).
import { PgDb } from '../../src/store/db.ts';
import type { Db } from '../../src/core/db.ts';
import { FixedClock } from '../../src/core/clock.ts';
import { composeRecur } from '../../src/cli/compose.ts';
import { runWebhookOutbox } from '../../src/services/webhooks/deliver-webhooks.ts';

const url = process.env.DATABASE_URL;
const now = Number(process.env.NOW);
if (!url || !Number.isFinite(now)) throw new Error('DATABASE_URL and NOW are required');
const stopAfter = process.env.STOP_AT === 'record' ? Number(process.env.STOP_AFTER ?? 1) : 0;

const pg = PgDb.connect(url, 4);
let records = 0;
function trapped(db: Db): Db {
  return {
    get inTransaction() {
      return db.inTransaction;
    },
    async query(sql, params) {
      if (stopAfter && sql.includes('INSERT INTO webhook_attempts') && ++records === stopAfter) process.kill(process.pid, 'SIGKILL');
      return db.query(sql, params);
    },
    transaction: (fn) => db.transaction((tx) => fn(trapped(tx))),
    close: () => db.close(),
  } as Db;
}

const recur = composeRecur({ db: trapped(pg), clock: new FixedClock(now), webhooks: { allowPrivateAddresses: true } });
const n = await runWebhookOutbox(recur.context);
console.log(`delivered ${n}`);
await pg.close();
process.exit(0);
