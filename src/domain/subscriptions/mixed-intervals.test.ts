import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionCreate } from './create-subscription.ts';
import { decideSubscriptionUpdate } from './update-subscription.ts';
import { currentPeriod } from './current-period.ts';

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
});
