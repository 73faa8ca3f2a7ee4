// What one SMTP attempt makes of an email: sent, or pending its next attempt after a delay, or
// failed once the delays are used up.

export type SendResult = { ok: true; messageId: string | null } | { ok: false; error: string };

export interface SendState {
  status: 'pending' | 'sent' | 'failed';
  attempt_count: number;
  next_attempt_at: number | null;
  last_error: string | null;
  sent_at: number | null;
  smtp_message_id: string | null;
}

/** `retryDelays[n]`: seconds after the (n+1)th failed attempt before the next. */
export function afterSendAttempt(before: { attempt_count: number }, result: SendResult, now: number, retryDelays: number[]): SendState {
  const attempt_count = before.attempt_count + 1;
  if (result.ok) {
    return { status: 'sent', attempt_count, next_attempt_at: null, last_error: null, sent_at: now, smtp_message_id: result.messageId };
  }
  const delay = retryDelays[attempt_count - 1];
  const last_error = result.error.slice(0, 1000);
  if (delay === undefined) return { status: 'failed', attempt_count, next_attempt_at: null, last_error, sent_at: null, smtp_message_id: null };
  return { status: 'pending', attempt_count, next_attempt_at: now + delay, last_error, sent_at: null, smtp_message_id: null };
}
