// The emails Recur sends, as Recur's settings and email log name them.

export const EMAIL_MESSAGES = [
  'invoice_sent',
  'receipt',
  'payment_failed',
  'payment_action_required',
  'trial_will_end',
  'subscription_canceled',
  'refund_issued',
  'webhook_endpoint_disabled',
] as const;

export type EmailMessage = (typeof EMAIL_MESSAGES)[number];

/** What a message says, before it is laid out as text and HTML. */
export interface EmailContent {
  message: EmailMessage;
  subject: string;
  /** Paragraphs, in order. */
  paragraphs: string[];
  /** Label and value rows (amounts, dates, numbers). */
  details?: Array<[string, string]>;
  /** The one thing the reader should do, as a link. */
  action?: { label: string; url: string };
}

/** A message rendered for one recipient. */
export interface EmailDraft {
  message: EmailMessage;
  to: string;
  subject: string;
  text: string;
  html: string;
}
