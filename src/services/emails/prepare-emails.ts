// Turns recorded events into emails: takes a batch of email jobs (written by a trigger with each
// event), decides each one's message through the rules, and writes the rendered emails to the log,
// once per event and message, in the same transaction that takes the jobs.
import type { ServiceContext } from '../../core/context.ts';
import { emailForEvent } from '../../domain/notifications/email-rules.ts';
import { insertEmails, takeEmailJobs, type EmailRecord } from '../../store/emails/email-log.ts';
import { loadEmailSettings } from '../../store/emails/email-settings-store.ts';
import { effectiveSettings, emailConfigOf } from './email-settings.ts';
import { newEmail } from './new-email.ts';

/** Events one transaction turns into emails. */
const JOB_BATCH = 500;

/** Returns how many jobs were taken (0: none left). */
export async function prepareEmails(ctx: ServiceContext, limit = JOB_BATCH): Promise<number> {
  return ctx.db.transaction(async (tx) => {
    const jobs = await takeEmailJobs(tx, limit);
    if (!jobs.length) return 0;
    const settings = effectiveSettings(await loadEmailSettings(tx), emailConfigOf(ctx));
    const emails: Array<{ email: EmailRecord; dedupeKey: string }> = [];
    for (const job of jobs) {
      if (job.customerDeleted) continue;
      const draft = emailForEvent(job.event, {
        accountName: settings.account_name,
        enabled: (m) => settings.messages[m],
        customerEmail: job.customerEmail,
        ownerEmail: settings.owner_email,
      });
      if (!draft) continue;
      const email = newEmail(ctx, draft, { event: job.event.id, customer: job.customerId });
      emails.push({ email, dedupeKey: `${job.event.id}/${draft.message}` });
    }
    await insertEmails(tx, emails);
    return jobs.length;
  });
}
