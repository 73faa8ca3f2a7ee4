// The account's email settings row (Recur serves one account).
import type { Db } from '../db.ts';
import type { EmailMessage } from '../../domain/notifications/email-message.ts';

const ACCOUNT = 'account';

export interface StoredEmailSettings {
  /** Overrides the configured account name in messages. */
  account_name: string | null;
  /** Who receives account notices (a disabled webhook endpoint). */
  owner_email: string | null;
  /** Switches; a message not named is on. */
  messages: Partial<Record<EmailMessage, boolean>>;
}

export async function loadEmailSettings(db: Db): Promise<StoredEmailSettings> {
  const rows = await db.query('SELECT data FROM email_settings WHERE id = $1', [ACCOUNT]);
  const data = (rows[0]?.data ?? {}) as Partial<StoredEmailSettings>;
  return { account_name: data.account_name ?? null, owner_email: data.owner_email ?? null, messages: data.messages ?? {} };
}

/** Loads the row locked for a change (the row is created on first use). */
export async function loadEmailSettingsForUpdate(tx: Db): Promise<StoredEmailSettings> {
  await tx.query(`INSERT INTO email_settings (id, data) VALUES ($1, '{}') ON CONFLICT (id) DO NOTHING`, [ACCOUNT]);
  await tx.query('SELECT 1 FROM email_settings WHERE id = $1 FOR UPDATE', [ACCOUNT]);
  return loadEmailSettings(tx);
}

export async function saveEmailSettings(tx: Db, settings: StoredEmailSettings): Promise<void> {
  await tx.query('UPDATE email_settings SET data = $2 WHERE id = $1', [ACCOUNT, JSON.stringify(settings)]);
}
