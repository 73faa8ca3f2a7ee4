// Configuration from the environment, documented in the README.
import { join } from 'node:path';

export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  apiKey?: string;
  /** SMTP server for notifications; unset: messages are only recorded in the email log. */
  smtpUrl?: string;
  emailFrom?: string;
  accountName?: string;
  /** The dashboard owner's credentials at first start (otherwise a one-time link is printed). */
  adminEmail?: string;
  adminPassword?: string;
  /** Webhook endpoints may be on private, loopback and link-local addresses. */
  webhookAllowPrivate: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 4242);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  if (env.RECUR_API_KEY && !env.RECUR_API_KEY.startsWith('sk_test_')) throw new Error('RECUR_API_KEY must start with sk_test_');
  if (env.RECUR_WEBHOOK_ALLOW_PRIVATE && !['0', '1'].includes(env.RECUR_WEBHOOK_ALLOW_PRIVATE))
    throw new Error(`RECUR_WEBHOOK_ALLOW_PRIVATE must be 0 or 1, got ${env.RECUR_WEBHOOK_ALLOW_PRIVATE}`);
  if (env.SMTP_URL && !/^smtps?:\/\//.test(env.SMTP_URL)) throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${env.SMTP_URL}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RECUR_DATA_DIR ?? join(process.cwd(), '.recur-data'),
    apiKey: env.RECUR_API_KEY || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    emailFrom: env.RECUR_EMAIL_FROM || undefined,
    accountName: env.RECUR_ACCOUNT_NAME || undefined,
    adminEmail: env.RECUR_ADMIN_EMAIL || undefined,
    adminPassword: env.RECUR_ADMIN_PASSWORD || undefined,
    // Default: allowed on the embedded store (a developer's machine), refused with a PostgreSQL server.
    webhookAllowPrivate: env.RECUR_WEBHOOK_ALLOW_PRIVATE ? env.RECUR_WEBHOOK_ALLOW_PRIVATE === '1' : !env.DATABASE_URL,
  };
}
