// The email to the account's owner when a webhook endpoint is disabled after failing for days.
// Call it in the transaction that disables the endpoint: the email is written to the log with that
// change (once per endpoint and failing streak) and sent by the engine like every other.
import type { ServiceContext } from '../../core/context.ts';
import { emailForDisabledEndpoint } from '../../domain/notifications/email-rules.ts';
import type { DisabledEndpoint } from '../../domain/notifications/webhook-endpoint-message.ts';
import { insertEmails } from '../../store/emails/email-log.ts';
import { loadEmailSettings } from '../../store/emails/email-settings-store.ts';
import { effectiveSettings, emailConfigOf } from './email-settings.ts';
import { newEmail } from './new-email.ts';

/** Returns whether an email was written (not when switched off, without an owner address, or already written). */
export async function notifyWebhookEndpointDisabled(ctx: ServiceContext, endpoint: DisabledEndpoint): Promise<boolean> {
  const settings = effectiveSettings(await loadEmailSettings(ctx.db), emailConfigOf(ctx));
  const draft = emailForDisabledEndpoint(endpoint, {
    accountName: settings.account_name,
    ownerEmail: settings.owner_email,
    enabled: (m) => settings.messages[m],
  });
  if (!draft) return false;
  const email = newEmail(ctx, draft, { event: null, customer: null });
  return (await insertEmails(ctx.db, [{ email, dedupeKey: `${endpoint.id}/${endpoint.failingSince}/${draft.message}` }])) > 0;
}
