import { describe, expect, it } from 'vitest';
import {
  DAY,
  DEFAULT_DUNNING_POLICY,
  afterFailedAttempt,
  checkPolicy,
  overdueEndsAt,
  retryInstants,
  subscriptionAfterDunning,
  type FailedAttemptFacts,
} from './dunning-policy.ts';

const T0 = 1_767_225_600; // 2026-01-01
const facts = (failure: FailedAttemptFacts['failure'], over: Partial<FailedAttemptFacts> = {}): FailedAttemptFacts => ({
  collection_method: 'charge_automatically',
  auto_advance: true,
  first_attempt_at: T0,
  failure,
  ...over,
});
const generic = { code: 'card_declined', decline_code: 'generic_decline' };

describe('afterFailedAttempt', () => {
  it('walks the default schedule: 8 attempts within 14 days', () => {
    const instants = retryInstants(DEFAULT_DUNNING_POLICY, T0);
    // T0 + 1, 3, 5, 7, 9, 11, 14 days
    expect(instants.map((t) => (t - T0) / DAY)).toEqual([1, 3, 5, 7, 9, 11, 14]);
    let now = T0;
    const seen: number[] = [];
    for (;;) {
      const d = afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts(generic), now);
      if (d.kind !== 'retry') {
        expect(d).toEqual({ kind: 'exhausted', why: 'schedule_done', next_payment_attempt: null });
        break;
      }
      seen.push(d.next_payment_attempt);
      now = d.next_payment_attempt;
    }
    expect(seen).toEqual(instants);
    expect(1 + seen.length).toBe(8);
  });

  it('keeps the schedule when an attempt outside it fails in between', () => {
    // A manual attempt 2 days in: the next retry is still the one at +3 days.
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts(generic), T0 + 2 * DAY)).toEqual({ kind: 'retry', next_payment_attempt: T0 + 3 * DAY });
  });

  it('does not retry a hard decline or an invoice with nothing to charge', () => {
    for (const decline_code of ['lost_card', 'stolen_card', 'fraudulent']) {
      expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts({ code: 'card_declined', decline_code }), T0)).toMatchObject({ kind: 'exhausted', why: 'hard_decline' });
    }
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts({ code: 'expired_card' }), T0)).toMatchObject({ why: 'hard_decline' });
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts({ code: 'resource_missing' }), T0)).toMatchObject({ why: 'no_payment_method' });
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts({ code: 'card_declined', decline_code: 'insufficient_funds' }), T0).kind).toBe('retry');
  });

  it('schedules nothing for invoices not collected automatically', () => {
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts(generic, { auto_advance: false }), T0).kind).toBe('manual');
    expect(afterFailedAttempt(DEFAULT_DUNNING_POLICY, facts(generic, { collection_method: 'send_invoice' }), T0).kind).toBe('manual');
  });

  it('an empty schedule ends dunning at the first failure', () => {
    expect(afterFailedAttempt({ ...DEFAULT_DUNNING_POLICY, retry_schedule: [] }, facts(generic), T0).kind).toBe('exhausted');
  });
});

describe('end of dunning', () => {
  it('moves only a past_due subscription', () => {
    expect(subscriptionAfterDunning('past_due', 'cancel')).toBe('canceled');
    expect(subscriptionAfterDunning('past_due', 'unpaid')).toBe('unpaid');
    expect(subscriptionAfterDunning('past_due', 'past_due')).toBeNull();
    expect(subscriptionAfterDunning('active', 'cancel')).toBeNull();
    expect(subscriptionAfterDunning('canceled', 'cancel')).toBeNull();
  });

  it('an overdue invoice ends `send_invoice_overdue_days` after its due date', () => {
    // due + 30 days
    expect(overdueEndsAt(DEFAULT_DUNNING_POLICY, T0)).toBe(T0 + 30 * DAY);
  });

  it('checks a schedule', () => {
    expect(checkPolicy(DEFAULT_DUNNING_POLICY)).toBeNull();
    expect(checkPolicy({ ...DEFAULT_DUNNING_POLICY, retry_schedule: [3, 3] })?.param).toBe('retry_schedule[1]');
    expect(checkPolicy({ ...DEFAULT_DUNNING_POLICY, retry_schedule: [0] })?.param).toBe('retry_schedule[0]');
  });
});
