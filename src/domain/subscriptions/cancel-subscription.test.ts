import { describe, expect, it } from 'vitest';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideCancellation, type CancellationRequest } from './cancel-subscription.ts';

const basic = price('price_basic', 4000);
const api = price('price_api', 5, { metered: true });
const JAN_17 = JAN_1 + 16 * DAY; // 15 of January's 31 days remain

const cancel = (request: CancellationRequest, over = {}, latestInvoiceStatus: 'open' | 'paid' | null = 'paid') =>
  decideCancellation({
    subscription: subscription([item('si_1', basic, 1), item('si_2', api, null)], over),
    request,
    reason: 'cancellation_requested',
    names,
    usage: new Map([['si_2', 120]]),
    latestInvoiceStatus,
    now: JAN_17,
  });

describe('decideCancellation', () => {
  it('invoice_now with prorate: a final invoice crediting the unused time and billing usage to date, keyed "cancel"', () => {
    const d = cancel({ invoice_now: true, prorate: true });
    expect(d.invoice!.lines.map((l) => l.amount)).toEqual([
      -1935, // 4000 × 15/31 = 1935.48 → −1935
      600, // 120 × 5 for Jan 1 → Jan 17
    ]);
    expect(d.invoice).toMatchObject({ key: 'cancel', pending_items: 'include', invoice_period: { start: JAN_1, end: JAN_17 } });
    expect(d.subscription).toMatchObject({ status: 'canceled', canceled_at: JAN_17, ended_at: JAN_17, cancellation_details: { reason: 'cancellation_requested' } });
    expect(d.events.map((e) => e.type)).toEqual(['customer.subscription.deleted']);
  });

  it('prorate without invoice_now leaves the credit pending; neither bills nothing', () => {
    const pending = cancel({ prorate: true });
    expect(pending.invoice).toBeNull();
    expect(pending.pendingItems.map((l) => l.amount)).toEqual([-1935]);
    const plain = cancel({});
    expect(plain.invoice).toBeNull();
    expect(plain.pendingItems).toEqual([]);
  });

  it('a trial is not credited; an incomplete subscription voids its open first invoice and makes none', () => {
    expect(cancel({ prorate: true, invoice_now: true }, { status: 'trialing', trial_end: FEB_1 }).invoice!.lines.map((l) => l.amount)).toEqual([600]);
    const incomplete = cancel({ invoice_now: true, prorate: true }, { status: 'incomplete' }, 'open');
    expect(incomplete.invoice).toBeNull();
    expect(incomplete.voidInvoices).toEqual(['in_first']);
  });

  it('keeps the cancellation details given, and refuses an ended subscription', () => {
    const d = cancel({ cancellation_details: { comment: 'Too pricey', feedback: 'too_expensive' } });
    expect(d.subscription.cancellation_details).toEqual({ comment: 'Too pricey', feedback: 'too_expensive', feedback_option: null, reason: 'cancellation_requested' });
    expect(() => cancel({}, { status: 'canceled' })).toThrow(/already ended/);
  });
});
