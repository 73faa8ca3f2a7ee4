// Child process for bench/api.ts: Recur on the PostgreSQL database in DATABASE_URL, as `recur serve`
// runs it (logger off, the same pool), with one customer to read. Reports its port over IPC.
import { buildApp } from '../src/api/app.ts';
import { ensureApiKey } from '../src/api/http/auth.ts';
import { PgDb } from '../src/store/db.ts';
import { migrate } from '../src/store/migrate.ts';
import { systemClock } from '../src/core/clock.ts';
import { randomIds } from '../src/core/ids.ts';
import { createCustomer } from '../src/services/customers/create-customer.ts';
import { composeRecur } from '../src/cli/compose.ts';

const db = PgDb.connect(process.env.DATABASE_URL!, Number(process.env.BENCH_POOL ?? 10));
await migrate(db);
await ensureApiKey(db, systemClock.now(), process.env.RECUR_API_KEY!);
const recur = composeRecur({ db, clock: systemClock });
const customer = await db.transaction((tx) =>
  createCustomer({ ...recur.context, db: tx }, { email: 'read@example.com', name: 'Read Me', metadata: { plan: 'pro' } }),
);
const app = await buildApp({ context: recur.context });
await app.listen({ port: 0, host: '127.0.0.1' });
process.send!({ port: (app.server.address() as { port: number }).port, customerId: customer.id });
process.on('disconnect', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
