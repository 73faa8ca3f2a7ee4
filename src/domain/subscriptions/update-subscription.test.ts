import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionUpdate, type ResolvedSubscriptionUpdate } from './update-subscription.ts';

const basic = price('price_basic', 4000);
const pro = price('price_pro', 6000);
const seat = price('price_seat', 5000);
const JAN_17 = JAN_1 + 16 * DAY; // 15 of January's 31 days remain

const decide = (request: ResolvedSubscriptionUpdate, over = {}, now = JAN_17) =>
  decideSubscriptionUpdate({ subscription: subscription([item('si_1', basic, 1)], over), request, names, usage: new Map(), now });
const amounts = (lines: Array<{ amount: number }>) => lines.map((l) => l.amount);

describe('decideSubscriptionUpdate: items and proration_behavior', () => {
  const upgrade = [item('si_1', pro, 1)];

  it('always_invoice: the credit and the debit of the remaining time, on an invoice made now with its key', () => {
    const d = decide({ items: upgrade, proration_behavior: 'always_invoice' });
    expect(amounts(d.invoice!.lines)).toEqual([
      -1935, // 4000 × 15/31 = 1935.48 → −1935
      2903, // 6000 × 15/31 = 2903.23 → 2903
    ]);
    expect(d.invoice).toMatchObject({
      billing_reason: 'subscription_update',
      key: `proration:${JAN_17}:in_first`,
      period: { start: JAN_17, end: FEB_1 },
      pending_items: 'include',
    });
    expect(d.pendingItems).toEqual([]);
    expect(d.subscription.items.data[0].price.id).toBe('price_pro');
    expect(d.events).toMatchObject([{ type: 'customer.subscription.updated', previous_attributes: { items: expect.anything() } }]);
  });

  it('create_prorations: the same lines left pending; none: no lines at all', () => {
    const pending = decide({ items: upgrade });
    expect(pending.invoice).toBeNull();
    expect(amounts(pending.pendingItems)).toEqual([-1935, 2903]);
    expect(pending.pendingItems.every((l) => l.proration)).toBe(true);
    const none = decide({ items: upgrade, proration_behavior: 'none' });
    expect(none.invoice).toBeNull();
    expect(none.pendingItems).toEqual([]);
  });

  it('a quantity change prorates the old and the new quantity', () => {
    const d = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', seat, 1)]),
      request: { items: [item('si_1', seat, 3)], proration_behavior: 'always_invoice' },
      names,
      usage: new Map(),
      now: JAN_17,
    });
    expect(amounts(d.invoice!.lines)).toEqual([
      -2419, // 5000 × 1 × 15/31 = 2419.35 → −2419
      7258, // 5000 × 3 × 15/31 = 7258.06 → 7258
    ]);
  });

  it('an added item is debited and a removed one credited', () => {
    const d = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', basic, 1), item('si_2', seat, 2)]),
      request: { items: [item('si_1', basic, 1), item('si_3', pro, 1)], proration_behavior: 'always_invoice' },
      names,
      usage: new Map(),
      now: JAN_17,
    });
    expect(d.invoice!.lines.map((l) => [l.subscription_item, l.amount])).toEqual([
      ['si_2', -4839], // 5000 × 2 × 15/31 = 4838.71 → −4839
      ['si_3', 2903], // 6000 × 15/31 = 2903.23 → 2903
    ]);
  });

  it('proration_date moves the instant the change is prorated from', () => {
    const d = decide({ items: upgrade, proration_behavior: 'always_invoice', proration_date: JAN_1 + 10 * DAY });
    expect(amounts(d.invoice!.lines)).toEqual([
      -2710, // 4000 × 21/31 = 2709.68 → −2710
      4065, // 6000 × 21/31 = 4064.52 → 4065
    ]);
    expect(() => decide({ items: upgrade, proration_date: JAN_1 - DAY })).toThrow(/proration_date/);
  });

  it('add_invoice_items join the invoice made now, or wait as pending items', () => {
    const setup = { price: null, quantity: 1, amount: 1500, unit_amount_decimal: '1500', period: { start: JAN_17, end: JAN_17 }, description: 'Setup', proration: false, tax_rates: [], discountable: true };
    expect(amounts(decide({ items: upgrade, proration_behavior: 'always_invoice', add_invoice_items: [setup] }).invoice!.lines)).toEqual([-1935, 2903, 1500]);
    expect(amounts(decide({ metadata: { a: 'b' }, add_invoice_items: [setup] }).pendingItems)).toEqual([1500]);
  });
});

describe('decideSubscriptionUpdate: anchor and trials', () => {
  it('billing_cycle_anchor=now credits the unused time and bills a whole new period from now', () => {
    const d = decide({ billing_cycle_anchor: 'now' });
    expect(amounts(d.invoice!.lines)).toEqual([
      -1935, // 4000 × 15/31 = 1935.48 → −1935
      4000, // Jan 17 → Feb 17, a whole month
    ]);
    expect(d.invoice!.key).toBe(`anchor:${JAN_17}:in_first`);
    expect(d.subscription.billing_cycle_anchor).toBe(JAN_17);
    expect(d.subscription.items.data[0]).toMatchObject({ current_period_start: JAN_17, current_period_end: JAN_17 + 31 * DAY });
  });

  it('billing_cycle_anchor=now with proration_behavior=none bills the new period without a credit', () => {
    expect(amounts(decide({ billing_cycle_anchor: 'now', proration_behavior: 'none' }).invoice!.lines)).toEqual([4000]);
  });

  it('trial_end=now ends a trial: no credit for the trial, the first paid period billed now', () => {
    const d = decide({ trial_end: 'now' }, { status: 'trialing', trial_start: JAN_1, trial_end: FEB_1 });
    expect(amounts(d.invoice!.lines)).toEqual([4000]);
    expect(d.subscription).toMatchObject({ status: 'active', trial_end: JAN_17, billing_cycle_anchor: JAN_17 });
  });

  it('a future trial_end starts a trial: nothing billed, the trial end becomes the anchor', () => {
    const end = FEB_1 + 10 * DAY;
    const d = decide({ trial_end: end });
    expect(d.invoice).toBeNull();
    expect(d.pendingItems).toEqual([]);
    expect(d.subscription).toMatchObject({ status: 'trialing', trial_start: JAN_17, trial_end: end, billing_cycle_anchor: end });
    expect(d.subscription.items.data[0].current_period_end).toBe(end);
    expect(() => decide({ trial_end: JAN_1 })).toThrow(/future/);
  });

  it('a metered item bills usage to date when a new cycle starts', () => {
    const usage = price('price_api', 5, { metered: true });
    const d = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', basic, 1), item('si_2', usage, null)]),
      request: { billing_cycle_anchor: 'now' },
      names,
      usage: new Map([['si_2', 120]]),
      now: JAN_17,
    });
    expect(amounts(d.invoice!.lines)).toEqual([-1935, 4000, 600]); // 120 × 5 = 600 for Jan 1 → Jan 17
    expect(d.invoice!.lines[2].period).toEqual({ start: JAN_1, end: JAN_17 });
  });
});

describe('decideSubscriptionUpdate: cancellation settings', () => {
  it('cancel_at_period_end sets cancel_at to the period end; clearing it clears cancel_at', () => {
    const set = decide({ cancel_at_period_end: true });
    expect(set.subscription).toMatchObject({ cancel_at_period_end: true, cancel_at: FEB_1, canceled_at: JAN_17 });
    const cleared = decideSubscriptionUpdate({ subscription: set.subscription, request: { cancel_at_period_end: false }, names, usage: new Map(), now: JAN_17 });
    expect(cleared.subscription).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    expect(cleared.events[0].previous_attributes).toEqual({ cancel_at_period_end: true, cancel_at: FEB_1, canceled_at: JAN_17 });
  });

  it('cancel_at must be in the future', () => {
    expect(decide({ cancel_at: FEB_1 + DAY }).subscription.cancel_at).toBe(FEB_1 + DAY);
    expect(() => decide({ cancel_at: JAN_1 })).toThrow(/future/);
  });

  it('an ended subscription only takes metadata, description and cancellation_details', () => {
    expect(() => decide({ items: [item('si_1', pro, 1)] }, { status: 'canceled' })).toThrow(/can only update/);
    expect(decide({ metadata: { note: 'x' } }, { status: 'canceled' }).subscription.metadata).toEqual({ note: 'x' });
  });

  it('a request that changes nothing records no event', () => {
    expect(decide({}).events).toEqual([]);
  });
});

describe('decideSubscriptionUpdate: properties', () => {
  it('credit + debit of a price change is the prorated price difference, to the cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 31 * DAY - 1 }), (a, b, offset) => {
        const from = price('price_a', a);
        const to = price('price_b', b);
        const d = decideSubscriptionUpdate({
          subscription: subscription([item('si_1', from, 1)]),
          request: { items: [item('si_1', to, 1)], proration_behavior: 'always_invoice' },
          names,
          usage: new Map(),
          now: JAN_1 + offset,
        });
        const sum = d.invoice ? d.invoice.lines.reduce((s, l) => s + l.amount, 0) : 0;
        const exact = ((b - a) * (31 * DAY - offset)) / (31 * DAY);
        // Each line is rounded once, so the sum is within one minor unit per line of the exact difference.
        expect(Math.abs(sum - exact)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('changing back and forth within a period never credits more than was billed for it', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 6 }), (changes) => {
        let sub = subscription([item('si_1', price('p0', 4000), 1)]);
        let billed = 4000; // the first invoice billed the whole period
        const days = [...new Set(changes.map(([d]) => d))].sort((x, y) => x - y);
        for (const [i, day] of days.entries()) {
          const next = price(`p${i + 1}`, changes[i][1]);
          const d = decideSubscriptionUpdate({
            subscription: sub,
            request: { items: [item('si_1', next, 1)], proration_behavior: 'always_invoice' },
            names,
            usage: new Map(),
            now: JAN_1 + day * DAY,
          });
          const credit = -(d.invoice?.lines.filter((l) => l.amount < 0).reduce((s, l) => s + l.amount, 0) ?? 0);
          expect(credit).toBeLessThanOrEqual(billed);
          billed += d.invoice?.lines.reduce((s, l) => s + l.amount, 0) ?? 0;
          sub = { ...d.subscription, latest_invoice: `in_${i}` };
        }
      }),
    );
  });
});
