import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionCreate } from './create-subscription.ts';
import { decideSubscriptionUpdate } from './update-subscription.ts';
import { currentPeriod } from './current-period.ts';
import { billingModeOf } from './billing-mode.ts';
import { decideCancellation } from './cancel-subscription.ts';

const JAN_1_2027 = JAN_1 + 365 * DAY;
const seat = price('price_seat', 1000);
const archive = price('price_archive', 12000, { interval: 'year' });
const customer = { id: 'cus_1', test_clock: null } as unknown as Stripe.Customer;

describe('mixed intervals', () => {
  it('a new subscription bills each item for its own first period; the subscription renews first at the shorter one', () => {
    const d = decideSubscriptionCreate({
      request: { id: 'sub_1', customer, items: [item('si_seat', seat, 1, { start: 0, end: 0 }), item('si_archive', archive, 1, { start: 0, end: 0 })] },
      names,
      now: JAN_1,
    });
    expect(d.invoice!.lines.map((l) => [l.amount, l.period.end])).toEqual([
      [1000, FEB_1],
      [12000, JAN_1_2027],
    ]);
    expect(d.subscription.items.data.map((i) => i.current_period_end)).toEqual([FEB_1, JAN_1_2027]);
    expect(currentPeriod(d.subscription)).toEqual({ start: JAN_1, end: FEB_1 });
  });

  it('a change prorates each item over its own period', () => {
    const mid = JAN_1 + 16 * DAY; // 15 of January's 31 days and 349 of the year's 365 remain
    const d = decideSubscriptionUpdate({
      subscription: subscription([item('si_seat', seat, 1), item('si_archive', archive, 1, { start: JAN_1, end: JAN_1_2027 })]),
      request: { items: [item('si_seat', seat, 2), item('si_archive', archive, 2, { start: JAN_1, end: JAN_1_2027 })], proration_behavior: 'always_invoice' },
      names,
      usage: new Map(),
      now: mid,
    });
    expect(d.invoice!.lines.map((l) => [l.subscription_item, l.amount])).toEqual([
      ['si_seat', -484], // 1000 × 15/31 = 483.87 → −484
      ['si_seat', 968], // 2000 × 15/31 = 967.74 → 968
      ['si_archive', -11474], // 12000 × 349/365 = 11473.97 → −11474
      ['si_archive', 22948], // 24000 × 349/365 = 22947.95 → 22948
    ]);
  });

  describe('an item moved to another interval (flexible)', () => {
    const mid = JAN_1 + 16 * DAY; // 15 of January's 31 days and 349 of the year's 365 remain
    const flexible = { billing_mode: billingModeOf(undefined, JAN_1) };
    const paid = (si: string, amount: number, end = FEB_1) => ({
      credits: { type: 'invoice_line_items' as const, invoice: 'in_first', invoice_line_items: [`il_${si}`] },
      subscription_item: si,
      amount,
      discount_amounts: [],
      quantity: 1,
      period: { start: JAN_1, end },
    });

    it("takes its new interval's cycle on the anchor; the other items and the anchor stay", () => {
      const d = decideSubscriptionUpdate({
        subscription: subscription([item('si_seat', seat, 1), item('si_archive', archive, 1, { start: JAN_1, end: JAN_1_2027 })], flexible),
        request: { items: [item('si_seat', price('price_seat_yearly', 10000, { interval: 'year' }), 1), item('si_archive', archive, 1, { start: JAN_1, end: JAN_1_2027 })], proration_behavior: 'always_invoice' },
        names,
        usage: new Map(),
        debits: [paid('si_seat', 1000), paid('si_archive', 12000, JAN_1_2027)],
        now: mid,
      });
      expect(d.invoice!.lines.map((l) => [l.subscription_item, l.amount, l.period.end])).toEqual([
        ['si_seat', -484, FEB_1], // what January's 1000 debit has left: 1000 × 15/31 = 483.87 → −484
        ['si_seat', 9562, JAN_1_2027], // 10000 × 349/365 = 9561.64 → 9562, to the year's end on the anchor
      ]);
      expect(d.subscription.items.data.map((i) => [i.id, i.current_period_start, i.current_period_end])).toEqual([
        ['si_seat', JAN_1, JAN_1_2027],
        ['si_archive', JAN_1, JAN_1_2027],
      ]);
      expect(d.subscription.billing_cycle_anchor).toBe(JAN_1);
    });

    it('a lone item does not restart the cycle as classic does', () => {
      const request = { items: [item('si_seat', price('price_yearly', 12000, { interval: 'year' }), 1)], proration_behavior: 'always_invoice' as const };
      const flex = decideSubscriptionUpdate({ subscription: subscription([item('si_seat', seat, 1)], flexible), request, names, usage: new Map(), debits: [paid('si_seat', 1000)], now: mid });
      expect(flex.invoice!.lines.map((l) => l.amount)).toEqual([-484, 11474]); // 12000 × 349/365 = 11473.97 → 11474
      expect([flex.subscription.billing_cycle_anchor, flex.subscription.items.data[0].current_period_end]).toEqual([JAN_1, JAN_1_2027]);
      const classic = decideSubscriptionUpdate({ subscription: subscription([item('si_seat', seat, 1)]), request, names, usage: new Map(), now: mid });
      expect(classic.invoice!.lines.map((l) => l.amount)).toEqual([-484, 12000]); // a new year from now, billed whole
      expect(classic.subscription.billing_cycle_anchor).toBe(mid);
    });
  });

  it("metered usage is billed over the item's own period, not the subscription's", () => {
    const FEB_15 = FEB_1 + 14 * DAY;
    const calls = price('price_calls', 2, { interval: 'year', metered: true }); // 2¢ a call, billed yearly in arrears
    const d = decideCancellation({
      subscription: subscription([item('si_seat', seat, 1, { start: FEB_1, end: FEB_1 + 28 * DAY }), item('si_calls', calls, null, { start: JAN_1, end: JAN_1_2027 })], {
        billing_mode: billingModeOf(undefined, JAN_1),
      }),
      request: { invoice_now: true },
      reason: 'cancellation_requested',
      names,
      usage: new Map([['si_calls', 450]]), // loaded by the service over [Jan 1, Feb 15)
      latestInvoiceStatus: 'paid',
      now: FEB_15,
    });
    const usage = d.invoice!.lines.find((l) => l.subscription_item === 'si_calls')!;
    expect([usage.amount, usage.period]).toEqual([900, { start: JAN_1, end: FEB_15 }]); // 450 × 2 = 900, since the item's own start
  });
});
