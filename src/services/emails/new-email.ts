// An email record for the log from a rendered draft: pending when SMTP is configured, else recorded.
import type { ServiceContext } from '../../core/context.ts';
import type { EmailDraft } from '../../domain/notifications/email-message.ts';
import type { EmailRecord } from '../../store/emails/email-log.ts';
import { emailConfigOf } from './email-settings.ts';

export function newEmail(
  ctx: Pick<ServiceContext, 'ids' | 'clock' | 'email'>,
  draft: EmailDraft,
  about: { event: string | null; customer: string | null },
): EmailRecord {
  const config = emailConfigOf(ctx);
  const now = ctx.clock.now();
  return {
    id: ctx.ids.next('email'),
    object: 'recur.email',
    created: now,
    message: draft.message,
    event: about.event,
    customer: about.customer,
    from: config.from,
    to: draft.to,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    status: config.mailer ? 'pending' : 'recorded',
    attempt_count: 0,
    next_attempt_at: config.mailer ? now : null,
    last_error: null,
    sent_at: null,
    smtp_message_id: null,
  };
}
