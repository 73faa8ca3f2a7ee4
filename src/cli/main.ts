// The `recur` command: serve (default), migrate, bill, listen.
import { loadConfig } from '../config.ts';
import { openStore } from './open-store.ts';

const [command = 'serve', ...args] = process.argv.slice(2);

async function main(): Promise<void> {
  switch (command) {
    case 'serve': {
      const opening = openStore(loadConfig());
      // The store opens while the API's modules load; an early failure surfaces where serve awaits it.
      opening.catch(() => undefined);
      const { serve } = await import('./serve.ts');
      return serve(opening);
    }
    case 'migrate': {
      const { db, applied, where } = await openStore(loadConfig());
      console.log(applied.length ? `Applied ${applied.join(', ')} to ${where}.` : `${where} is up to date.`);
      await db.close();
      return;
    }
    case 'bill': {
      const { bill } = await import('./bill.ts');
      return bill(args);
    }
    case 'listen': {
      const { listen } = await import('./listen.ts');
      await listen(args);
      process.exit(0);
    }
    default:
      console.error(`Unknown command: ${command}\nUsage: recur [serve | migrate | bill | listen]`);
      process.exit(2);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
