// What sends an email (SMTP in production, wired by the composition root) and how email is configured.

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  /** Resolves when the server accepted the message; rejects when it did not (the caller retries). */
  send(email: OutgoingEmail): Promise<{ messageId: string | null }>;
  close(): void;
}

export interface EmailConfig {
  /** The From address of every message. */
  from: string;
  /** The account's name in messages when its settings name none. */
  accountName: string;
  /** null: no SMTP configured; messages are recorded for the email log, not sent. */
  mailer: Mailer | null;
  /** Seconds after each failed SMTP attempt before the next; after the last, the email is failed. */
  retryDelays: number[];
}
