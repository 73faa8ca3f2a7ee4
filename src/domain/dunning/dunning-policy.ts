// The account's dunning policy and the decisions it drives: when a failed automatic payment is
// tried again, when the retries have run out, and what then happens to the subscription and the
// invoice. Pure: the caller passes the invoice's facts and `now`.

export const SUBSCRIPTION_ACTIONS = ['cancel', 'unpaid', 'past_due'] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];
export const INVOICE_ACTIONS = ['mark_uncollectible', 'open'] as const;
export type InvoiceAction = (typeof INVOICE_ACTIONS)[number];

export interface DunningPolicy {
  /** Days after an invoice's first failed attempt at which it is tried again, increasing. */
  retry_schedule: number[];
  /** What the subscription becomes when the retries have run out. */
  subscription_action: SubscriptionAction;
  /** What the invoice becomes when the retries have run out. */
  invoice_action: InvoiceAction;
  /** Days a `send_invoice` invoice may stay unpaid past its due date before the same actions apply. */
  send_invoice_overdue_days: number;
  /** Days before a renewal charged automatically that `invoice.upcoming` is sent (0: never). */
  upcoming_invoice_days: number;
}

/**
 * Like Stripe's recommended default (8 attempts within 2 weeks): the first attempt, then retries
 * 1, 3, 5, 7, 9, 11 and 14 days after it.
 */
export const DEFAULT_DUNNING_POLICY: DunningPolicy = Object.freeze({
  retry_schedule: Object.freeze([1, 3, 5, 7, 9, 11, 14]) as number[],
  subscription_action: 'cancel',
  invoice_action: 'open',
  send_invoice_overdue_days: 30,
  upcoming_invoice_days: 7,
});

/**
 * Declines that another attempt on the same card cannot fix (Stripe's hard declines): the card is
 * lost, stolen, closed, fraudulent or refused for good. Retrying them only costs fees.
 */
export const HARD_DECLINES: ReadonlySet<string> = new Set([
  'lost_card',
  'stolen_card',
  'pickup_card',
  'fraudulent',
  'restricted_card',
  'invalid_account',
  'incorrect_number',
  'invalid_number',
  'expired_card',
  'card_not_supported',
  'currency_not_supported',
  'revocation_of_authorization',
  'revocation_of_all_authorizations',
  'stop_payment_order',
  'transaction_not_allowed',
  'security_violation',
]);

/** The code of a failure when there was nothing to charge (no payment method). */
export const NO_PAYMENT_METHOD_CODE = 'resource_missing';

export interface FailedAttemptFacts {
  collection_method: string;
  auto_advance: boolean;
  /** The instant of the invoice's first payment attempt (the schedule counts from it). */
  first_attempt_at: number;
  failure: { code: string; decline_code?: string | null };
}

export type RetryDecision =
  /** Tried again at this instant. */
  | { kind: 'retry'; next_payment_attempt: number }
  /** No retry is left: the end-of-dunning actions apply now. */
  | { kind: 'exhausted'; why: 'schedule_done' | 'hard_decline' | 'no_payment_method'; next_payment_attempt: null }
  /** Not collected automatically: nothing is scheduled and no policy applies. */
  | { kind: 'manual'; next_payment_attempt: null };

export const DAY = 86_400;

/** The scheduled retry instants of an invoice whose first attempt was at `first`. */
export const retryInstants = (policy: DunningPolicy, first: number): number[] => policy.retry_schedule.map((d) => first + d * DAY);

export function isHardDecline(failure: FailedAttemptFacts['failure']): boolean {
  return HARD_DECLINES.has(failure.decline_code ?? '') || HARD_DECLINES.has(failure.code);
}

/**
 * After a failed attempt at `now`: the next scheduled instant after `now`, or why none is left.
 * Attempts made outside the schedule (invoices.pay, a new card) do not move it.
 */
export function afterFailedAttempt(policy: DunningPolicy, f: FailedAttemptFacts, now: number): RetryDecision {
  if (f.collection_method !== 'charge_automatically' || !f.auto_advance) return { kind: 'manual', next_payment_attempt: null };
  if (f.failure.code === NO_PAYMENT_METHOD_CODE) return { kind: 'exhausted', why: 'no_payment_method', next_payment_attempt: null };
  if (isHardDecline(f.failure)) return { kind: 'exhausted', why: 'hard_decline', next_payment_attempt: null };
  const next = retryInstants(policy, f.first_attempt_at).find((at) => at > now);
  return next === undefined ? { kind: 'exhausted', why: 'schedule_done', next_payment_attempt: null } : { kind: 'retry', next_payment_attempt: next };
}

/** The instant an overdue send_invoice invoice's end-of-dunning actions apply. */
export const overdueEndsAt = (policy: DunningPolicy, dueDate: number): number => dueDate + policy.send_invoice_overdue_days * DAY;

/**
 * The status a subscription moves to when its invoice's dunning ends, or null when it stays as it
 * is. Only a subscription in dunning (past_due) is moved.
 */
export function subscriptionAfterDunning(status: string, action: SubscriptionAction): 'canceled' | 'unpaid' | null {
  if (status !== 'past_due') return null;
  if (action === 'cancel') return 'canceled';
  if (action === 'unpaid') return 'unpaid';
  return null;
}

/** Whether a policy is well formed; the reason and parameter when it is not. */
export function checkPolicy(p: DunningPolicy): { param: string; message: string } | null {
  const s = p.retry_schedule;
  for (let k = 0; k < s.length; k++) {
    if (!Number.isInteger(s[k]) || s[k] < 1 || s[k] > 60)
      return { param: `retry_schedule[${k}]`, message: 'Each retry must be a whole number of days between 1 and 60 after the first attempt.' };
    if (k > 0 && s[k] <= s[k - 1])
      return { param: `retry_schedule[${k}]`, message: 'Retry days must increase: each retry comes after the one before it.' };
  }
  return null;
}
