// Sends the emails that are due over SMTP, never inside a transaction: claim with a lease (one
// committed statement), send, record the outcome. A sender that dies between the send and the
// record leaves the lease to run out, and the email is sent again: at least once.
import type { ServiceContext } from '../../core/context.ts';
import type { Mailer } from '../../core/mailer.ts';
import { afterSendAttempt, type SendResult } from '../../domain/notifications/email-attempt.ts';
import { mapBounded } from '../../payments/attempt-protocol.ts';
import { claimDueEmails, recordEmailOutcome, type EmailRecord } from '../../store/emails/email-log.ts';
import { emailConfigOf } from './email-settings.ts';

/** Seconds a claimed email is held: longer than the mailer's own timeouts. */
export const EMAIL_LEASE = 300;
const SEND_BATCH = 100;
const SEND_CONCURRENCY = 4;

/** Returns how many emails were attempted (0: none due, or no SMTP configured). */
export async function deliverDueEmails(ctx: ServiceContext, opts: { limit?: number } = {}): Promise<number> {
  const config = emailConfigOf(ctx);
  const mailer = config.mailer;
  if (!mailer) return 0;
  const claimed = await claimDueEmails(ctx.db, ctx.clock.now(), EMAIL_LEASE, opts.limit ?? SEND_BATCH);
  await mapBounded(claimed, SEND_CONCURRENCY, async (email) => {
    const result = await send(mailer, email);
    const after: EmailRecord = { ...email, ...afterSendAttempt(email, result, ctx.clock.now(), config.retryDelays) };
    await recordEmailOutcome(ctx.db, after);
  });
  return claimed.length;
}

async function send(mailer: Mailer, email: EmailRecord): Promise<SendResult> {
  try {
    const { messageId } = await mailer.send({ from: email.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
    return { ok: true, messageId };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
