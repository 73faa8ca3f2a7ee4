// An engine process for the crash test: runs everything due up to UNTIL on DATABASE_URL with the
// test processor's ledger in its table, and kills itself with SIGKILL at a payment phase when told:
//   STOP_AT=before_gateway  the STOP_AFTER-th charge, before the processor is asked (phase 1 committed);
//   STOP_AT=after_gateway   the STOP_AFTER-th charge, after the processor charged (before phase 3);
//   STOP_AT=in_phase3       the STOP_AFTER-th phase 3, after its attempts are marked finished, before commit.
import { PgDb } from '../../src/store/db.ts';
import type { Db } from '../../src/core/db.ts';
import type { PaymentGateway } from '../../src/core/gateway.ts';
import { runDue } from '../../src/engine/due-work.ts';
import { composeRecur } from '../../src/cli/compose.ts';
import { systemClock } from '../../src/core/clock.ts';
import { createTestCardProcessor } from '../../src/payments/test-card-processor.ts';
import { tableLedger } from '../../src/payments/charge-ledger.ts';

const url = process.env.DATABASE_URL;
const until = Number(process.env.UNTIL);
const stopAt = process.env.STOP_AT ?? '';
const stopAfter = Number(process.env.STOP_AFTER ?? 0);
if (!url || !Number.isFinite(until)) throw new Error('DATABASE_URL and UNTIL are required');

const die = (): never => {
  process.kill(process.pid, 'SIGKILL');
  throw new Error('unreachable');
};

const pg = PgDb.connect(url, 4);
const processor = createTestCardProcessor({ ledger: tableLedger(pg) });
let charges = 0;
const gateway: PaymentGateway = {
  async charge(req) {
    const n = ++charges;
    if (stopAt === 'before_gateway' && n === stopAfter) die();
    const result = await processor.charge(req);
    if (stopAt === 'after_gateway' && n === stopAfter) die();
    return result;
  },
  retrieve: (key) => processor.retrieve!(key),
  verify: (req) => processor.verify!(req),
};

/** The database, with a trap in phase 3: dies right after the attempts are marked finished. */
let phase3 = 0;
function trapped(db: Db): Db {
  return {
    get inTransaction() {
      return db.inTransaction;
    },
    async query(sql, params) {
      const rows = await db.query(sql, params);
      if (stopAt === 'in_phase3' && db.inTransaction && sql.includes('UPDATE payment_attempts a SET status') && ++phase3 === stopAfter) die();
      return rows;
    },
    transaction: (fn) => (db.inTransaction ? fn(trappedTx(db)) : db.transaction((tx) => fn(trappedTx(tx)))),
    ...(db.enqueue ? { enqueue: (sql: string, params?: unknown[]) => db.enqueue!(sql, params) } : {}),
    close: () => db.close(),
  } as Db;
}
const wrapped = new WeakMap<Db, Db>();
function trappedTx(tx: Db): Db {
  let w = wrapped.get(tx);
  if (!w) wrapped.set(tx, (w = trapped(tx)));
  return w;
}

const db = trapped(pg);
const { engine } = composeRecur({ db, clock: systemClock, gateway, settings: { paymentAttemptLease: 0 } });
if (process.env.PROFILE) {
  const t = { complete: 0, subscription: 0, invoice: 0 };
  const time = <A extends unknown[], R>(k: keyof typeof t, f: (...a: A) => Promise<R>) => async (...a: A) => {
    const t0 = performance.now();
    try {
      return await f(...a);
    } finally {
      t[k] += performance.now() - t0;
    }
  };
  engine.payments = { ...engine.payments!, complete: time('complete', engine.payments!.complete) };
  engine.processors = { ...engine.processors, subscription: time('subscription', engine.processors.subscription), invoice: time('invoice', engine.processors.invoice) };
  process.on("exit", () => console.error(JSON.stringify({ ...t, charges, phase3, stopAt, stopAfter })));
}
const done = await runDue(engine, { testClock: null, until }, (n) => {
  if (n % 50 === 0) console.log(`done ${n}`);
});
console.log(`finished ${done}`);
await pg.close();
