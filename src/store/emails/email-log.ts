// The email log: every email Recur rendered, with its send status. An email is written once per
// dedupe key (event and message); senders claim due emails with a lease (one statement, committed
// before the SMTP call) and write the outcome afterwards.
import type { Db } from '../db.ts';
import type { EmailMessage } from '../../domain/notifications/email-message.ts';
import { insertRows } from '../multi-row.ts';

/**
 * recorded: no SMTP configured, kept for the log only; pending: waiting for its (next) SMTP
 * attempt; sent: the SMTP server accepted it; failed: every attempt failed.
 */
export type EmailStatus = 'recorded' | 'pending' | 'sent' | 'failed';

export interface EmailRecord {
  id: string;
  object: 'recur.email';
  created: number;
  message: EmailMessage;
  /** The event that produced it (null for account notices such as a disabled webhook endpoint). */
  event: string | null;
  customer: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: EmailStatus;
  attempt_count: number;
  next_attempt_at: number | null;
  last_error: string | null;
  sent_at: number | null;
  smtp_message_id: string | null;
}

/** Writes the emails; one whose key is already taken (the same event and message) is skipped. */
export async function insertEmails(db: Db, emails: Array<{ email: EmailRecord; dedupeKey: string }>): Promise<number> {
  const rows = emails.map(({ email, dedupeKey }) => ({ id: email.id, created: email.created, dedupe_key: dedupeKey, data: email }));
  return (await insertRows(db, 'emails', rows, { onConflictDoNothing: true, returning: 'id' })).length;
}

/** An event waiting for its email, with the address of the customer it is about. */
export interface EmailJob {
  event: { id: string; type: string; created: number; data: { object: any; previous_attributes?: Record<string, any> } };
  customerId: string | null;
  customerEmail: string | null;
  /** The customer was deleted: it gets no more email. */
  customerDeleted: boolean;
}

/**
 * Takes (deletes) up to `limit` of the oldest email jobs, locked so that concurrent engines take
 * different ones, with their events and customers. Inside a transaction: the jobs come back if it
 * rolls back.
 */
export async function takeEmailJobs(tx: Db, limit: number): Promise<EmailJob[]> {
  const rows = await tx.query(
    `WITH taken AS (
       DELETE FROM email_jobs WHERE seq IN (SELECT seq FROM email_jobs ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING seq, event_id)
     SELECT e.data AS event, e.customer_id, c.email AS customer_email, coalesce(c.deleted, false) AS customer_deleted
       FROM taken t JOIN events e ON e.id = t.event_id LEFT JOIN customers c ON c.id = e.customer_id
      ORDER BY t.seq`,
    [limit],
  );
  return rows.map((r) => ({ event: r.event, customerId: r.customer_id, customerEmail: r.customer_email, customerDeleted: r.customer_deleted }));
}

/**
 * Claims up to `limit` pending emails due at `now` whose lease has run out, holding them until
 * `now + lease`. One statement: it commits before anything is sent.
 */
export async function claimDueEmails(db: Db, now: number, lease: number, limit: number): Promise<EmailRecord[]> {
  const rows = await db.query(
    `UPDATE emails SET lease_until = $2
      WHERE id IN (SELECT id FROM emails WHERE status = 'pending' AND next_attempt_at <= $1 AND lease_until <= $1
                    ORDER BY next_attempt_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING data`,
    [now, now + lease, limit],
  );
  return rows.map((r) => r.data as EmailRecord);
}

/** Records what an attempt did and releases the email's lease. */
export async function recordEmailOutcome(db: Db, email: EmailRecord): Promise<void> {
  await db.query('UPDATE emails SET data = $2, lease_until = 0 WHERE id = $1', [email.id, JSON.stringify(email)]);
}
