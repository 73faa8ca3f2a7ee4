// The account's email settings as Recur's API shows them (GET/POST /v1/recur/settings/emails):
// the name messages are signed with, the owner's address, where mail goes, and one switch per message.
import type { ServiceContext } from '../../core/context.ts';
import type { EmailConfig } from '../../core/mailer.ts';
import { EMAIL_MESSAGES, type EmailMessage } from '../../domain/notifications/email-message.ts';
import { loadEmailSettings, loadEmailSettingsForUpdate, saveEmailSettings, type StoredEmailSettings } from '../../store/emails/email-settings-store.ts';

/** Seconds after each failed SMTP attempt before the next (about a day and a half in all), then failed. */
export const DEFAULT_EMAIL_RETRY_DELAYS = [60, 300, 900, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600];

export const DEFAULT_EMAIL_CONFIG: EmailConfig = {
  from: 'Recur <billing@localhost>',
  accountName: 'Recur',
  mailer: null,
  retryDelays: DEFAULT_EMAIL_RETRY_DELAYS,
};

export const emailConfigOf = (ctx: Pick<ServiceContext, 'email'>): EmailConfig => ctx.email ?? DEFAULT_EMAIL_CONFIG;

export interface EmailSettings {
  object: 'recur.email_settings';
  account_name: string;
  owner_email: string | null;
  from: string;
  /** smtp: messages are sent; log: no SMTP configured, messages are only recorded (GET /v1/recur/emails). */
  delivery: 'smtp' | 'log';
  messages: Record<EmailMessage, boolean>;
}

/** The settings with the configuration's defaults filled in. */
export function effectiveSettings(stored: StoredEmailSettings, config: EmailConfig): EmailSettings {
  return {
    object: 'recur.email_settings',
    account_name: stored.account_name ?? config.accountName,
    owner_email: stored.owner_email,
    from: config.from,
    delivery: config.mailer ? 'smtp' : 'log',
    messages: Object.fromEntries(EMAIL_MESSAGES.map((m) => [m, stored.messages[m] !== false])) as Record<EmailMessage, boolean>,
  };
}

export async function retrieveEmailSettings(ctx: ServiceContext): Promise<EmailSettings> {
  return effectiveSettings(await loadEmailSettings(ctx.db), emailConfigOf(ctx));
}

export interface EmailSettingsUpdate {
  /** null goes back to the configured name (RECUR_ACCOUNT_NAME). */
  account_name?: string | null;
  /** null removes it. */
  owner_email?: string | null;
  messages?: Partial<Record<EmailMessage, boolean>>;
}

export async function updateEmailSettings(ctx: ServiceContext, update: EmailSettingsUpdate): Promise<EmailSettings> {
  return ctx.db.transaction(async (tx) => {
    const stored = await loadEmailSettingsForUpdate(tx);
    const next: StoredEmailSettings = {
      account_name: update.account_name === undefined ? stored.account_name : update.account_name,
      owner_email: update.owner_email === undefined ? stored.owner_email : update.owner_email,
      messages: { ...stored.messages, ...update.messages },
    };
    await saveEmailSettings(tx, next);
    return effectiveSettings(next, emailConfigOf(ctx));
  });
}
