import { describe, expect, it } from 'vitest';
import { canDelete, invoiceStatus, transition as invoiceTransition } from './invoice-status.ts';
import { paymentIntentStatus, transition as paymentTransition } from './payment-intent-status.ts';
import { subscriptionStatus, transition as subscriptionTransition } from './subscription-status.ts';

describe('subscription status', () => {
  it('follows Stripe', () => {
    expect(subscriptionTransition('incomplete', 'active')).toEqual({ ok: true, status: 'active' });
    expect(subscriptionTransition('incomplete', 'incomplete_expired').ok).toBe(true);
    expect(subscriptionTransition('trialing', 'past_due').ok).toBe(true);
    expect(subscriptionTransition('past_due', 'unpaid').ok).toBe(true);
    expect(subscriptionTransition('unpaid', 'active').ok).toBe(true);
    expect(subscriptionTransition('paused', 'active').ok).toBe(true);
    expect(subscriptionTransition('active', 'incomplete')).toEqual({ ok: false, reason: 'subscription cannot go from active to incomplete' });
    expect(subscriptionTransition('canceled', 'active')).toEqual({ ok: false, reason: 'subscription is canceled, which is final' });
    expect(subscriptionTransition('active', 'active')).toEqual({ ok: false, reason: 'subscription is already active' });
    expect(subscriptionStatus.isTerminal('incomplete_expired')).toBe(true);
    expect(subscriptionStatus.isStatus('ended')).toBe(false);
  });
});

describe('invoice status', () => {
  it('follows Stripe', () => {
    expect(invoiceTransition('draft', 'open').ok).toBe(true);
    expect(invoiceTransition('draft', 'paid').ok).toBe(false);
    expect(invoiceTransition('open', 'uncollectible').ok).toBe(true);
    expect(invoiceTransition('uncollectible', 'paid').ok).toBe(true);
    expect(invoiceTransition('paid', 'void').ok).toBe(false);
    expect(invoiceStatus.isTerminal('void')).toBe(true);
    expect(canDelete('draft')).toBe(true);
    expect(canDelete('open')).toBe(false);
  });
});

describe('payment intent status', () => {
  it('follows Stripe', () => {
    expect(paymentTransition('requires_payment_method', 'succeeded').ok).toBe(true);
    expect(paymentTransition('requires_action', 'requires_payment_method').ok).toBe(true);
    expect(paymentTransition('processing', 'requires_payment_method').ok).toBe(true);
    expect(paymentTransition('succeeded', 'canceled').ok).toBe(false);
    expect(paymentIntentStatus.isTerminal('canceled')).toBe(true);
  });
});

describe('tables', () => {
  it('only name known statuses and never loop to themselves', () => {
    for (const m of [subscriptionStatus, invoiceStatus, paymentIntentStatus]) {
      for (const from of m.statuses) {
        const targets = (m.table as Record<string, readonly string[]>)[from];
        for (const to of targets) {
          expect(m.isStatus(to)).toBe(true);
          expect(to).not.toBe(from);
        }
      }
    }
  });
});
