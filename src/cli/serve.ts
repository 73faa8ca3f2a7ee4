// `recur serve` (what `npm start` runs): API, engine and dashboard in one process.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config.ts';
import { systemClock } from '../core/clock.ts';
import { buildApp } from '../api/app.ts';
import { ensureApiKey } from '../api/http/auth.ts';
import { openStore, type OpenedStore } from './open-store.ts';
import { seedDemoData } from './demo-data.ts';
import { createRuntime } from './runtime.ts';
import { composeRecur } from './compose.ts';
import { ensureOwner } from '../services/accounts/staff-tokens.ts';

/** `opening` lets the caller start opening the store (PGlite compiles its WebAssembly) while this module loads. */
export async function serve(opening?: Promise<OpenedStore>): Promise<void> {
  const config = loadConfig();
  const { db, where, fromTemplate } = await (opening ?? openStore(config));
  const secret = await resolveApiKey(db, config.dataDir, config.apiKey);
  const recur = composeRecur({
    db,
    clock: systemClock,
    settings: { publicUrl: process.env.RECUR_PUBLIC_URL ?? `http://${config.host}:${config.port}` },
    email: {
      // nodemailer is loaded only when there is a server to send to (it costs start-up time).
      mailer: config.smtpUrl ? (await import('../events/email/smtp-mailer.ts')).smtpMailer(config.smtpUrl) : null,
      ...(config.emailFrom ? { from: config.emailFrom } : {}),
      ...(config.accountName ? { accountName: config.accountName } : {}),
    },
    webhooks: { allowPrivateAddresses: config.webhookAllowPrivate },
  });
  const seeded = (await seedDemoData(recur.context)) || fromTemplate;
  const owner = await ensureOwner(recur.context, { email: config.adminEmail, password: config.adminPassword });
  const runtime = createRuntime(recur, systemClock);
  const app = await buildApp({ context: recur.context, plugins: runtime.plugins });
  await app.listen({ port: config.port, host: config.host });
  await runtime.start();
  const url = `http://${config.host}:${(app.server.address() as any).port}`;
  console.log(`Recur is running.
  API:        ${url}/v1   (OpenAPI: ${url}/openapi.json)
  Dashboard:  ${url}/dashboard
  Store:      ${where}${seeded ? ' (demo data created)' : ''}
  Email:      ${config.smtpUrl ? `sent by SMTP (${new URL(config.smtpUrl).host})` : `not sent (no SMTP_URL): read them at ${url}/v1/recur/emails`}
  Secret key: ${secret}${owner.token ? `\n  Sign in:    ${recur.context.settings.publicUrl}/dashboard/accept?token=${owner.token}   (one-time link for the owner; or set RECUR_ADMIN_EMAIL and RECUR_ADMIN_PASSWORD)` : ''}

  const stripe = new Stripe('${secret}', { host: '${config.host}', port: ${(app.server.address() as any).port}, protocol: 'http' });`);
  const stop = async () => {
    await runtime.stop();
    recur.context.email?.mailer?.close();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** RECUR_API_KEY if set; otherwise the key generated on first start, kept in the data folder. */
async function resolveApiKey(db: Parameters<typeof ensureApiKey>[0], dataDir: string, given?: string): Promise<string> {
  const now = systemClock.now();
  if (given) return (await ensureApiKey(db, now, given)).secret;
  const file = join(dataDir, 'secret-key');
  if (existsSync(file)) {
    const saved = readFileSync(file, 'utf8').trim();
    return (await ensureApiKey(db, now, saved)).secret;
  }
  const { secret } = await ensureApiKey(db, now);
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
