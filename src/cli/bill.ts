// `recur bill`: runs everything due on the system clock once, with a progress bar, and exits.
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { countDue, runDue } from '../engine/due-work.ts';
import { composeRecur } from './compose.ts';
import { openStore } from './open-store.ts';

export async function bill(_args: string[]): Promise<void> {
  const config = loadConfig();
  const { db } = await openStore(config);
  const until = systemClock.now();
  const scope = { testClock: null, until };
  const total = await countDue(db, scope);
  const bar = new cliProgress.SingleBar(
    { format: 'Billing [{bar}] {value}/{total} due items | {duration}s', hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0);
  const { engine } = composeRecur({ db, clock: systemClock, settings: { publicUrl: process.env.RECUR_PUBLIC_URL ?? `http://${config.host}:${config.port}` } });
  const done = await runDue(engine, scope, (n) => {
    if (n > bar.getTotal()) bar.setTotal(n);
    bar.update(n);
  });
  bar.update(done);
  bar.stop();
  console.log(`Processed ${done} due item${done === 1 ? '' : 's'} (renewals, finalizations, payments, cancellations).`);
  await db.close();
}
