// The engine's email work: every pending event becomes its emails, then every due email is sent.
import type { ServiceContext } from '../../core/context.ts';
import { prepareEmails } from './prepare-emails.ts';
import { deliverDueEmails } from './deliver-emails.ts';

/** Runs until nothing is left to prepare or send at ctx.clock.now(); returns the emails attempted. */
export async function runEmailOutbox(ctx: ServiceContext): Promise<number> {
  while ((await prepareEmails(ctx)) > 0);
  let attempted = 0;
  for (let n; (n = await deliverDueEmails(ctx)) > 0; ) attempted += n;
  return attempted;
}
