// Sends email over SMTP with nodemailer, from an SMTP_URL such as
// smtp://user:pass@mail.example.com:587 or smtps://… (TLS from the start).
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../../core/mailer.ts';

/** Timeouts (ms) that keep one SMTP call well inside a sender's lease. */
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

export function smtpMailer(url: string): Mailer {
  const parsed = new URL(url);
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${parsed.protocol}//`);
  const transport = nodemailer.createTransport({
    host: decodeURIComponent(parsed.hostname),
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'smtps:' ? 465 : 587,
    secure: parsed.protocol === 'smtps:',
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    // A local or test server may offer STARTTLS with a certificate of its own.
    tls: { rejectUnauthorized: parsed.searchParams.get('tls_reject_unauthorized') !== 'false' },
    pool: true,
    maxConnections: 4,
    ...TIMEOUTS,
  });
  return {
    async send(email: OutgoingEmail) {
      const info = await transport.sendMail({ from: email.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
      if (info.rejected?.length) throw new Error(`rejected by the SMTP server: ${info.rejected.join(', ')}`);
      return { messageId: info.messageId ?? null };
    },
    close: () => transport.close(),
  };
}
