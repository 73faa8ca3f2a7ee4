import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionUpdate } from './update-subscription.ts';
import { decideCancellation } from './cancel-subscription.ts';
import { billingModeOf, migrateBillingMode } from './billing-mode.ts';
import type { DebitLine } from './flexible-credits.ts';

const JAN_17 = JAN_1 + 16 * DAY; // 15 of January's 31 days remain
const flexible = { billing_mode: billingModeOf(undefined, JAN_1) };
const periodLine = (net: number, over: Partial<DebitLine> = {}): DebitLine => ({
  invoice: 'in_first',
  line: 'il_period',
  subscription_item: 'si_1',
  net,
  quantity: 1,
  period: { start: JAN_1, end: FEB_1 },
  ...over,
});

const upgrade = (debits: DebitLine[], now = JAN_17, from = 4000, to = 6000) =>
  decideSubscriptionUpdate({
    subscription: subscription([item('si_1', price('price_from', from), 1)], flexible),
    request: { items: [item('si_1', price('price_to', to), 1)], proration_behavior: 'always_invoice' },
    names,
    usage: new Map(),
    debits,
    now,
  });

describe('flexible credits', () => {
  it('credits what was debited after discounts, naming the debit', () => {
    const lines = upgrade([periodLine(3000)]).invoice!.lines; // 4000 less a 25% coupon
    expect(lines.map((l) => l.amount)).toEqual([
      -1452, // 3000 × 15/31 = 1451.61 → −1452
      2903, // 6000 × 15/31 = 2903.23 → 2903
    ]);
    expect(lines[0]).toMatchObject({
      proration_details: { credited_items: { invoice: 'in_first', invoice_line_items: ['il_period'] } },
      period: { start: JAN_17, end: FEB_1 },
      discountable: false,
    });
  });

  it('one credit per debit that covers the credited time', () => {
    const debits = [
      periodLine(1000, { line: 'il_a', period: { start: JAN_1, end: JAN_1 + 10 * DAY } }), // over before the change: not credited
      periodLine(4200, { invoice: 'in_change', line: 'il_b', period: { start: JAN_1 + 10 * DAY, end: FEB_1 } }),
      periodLine(700, { invoice: 'in_change', line: 'il_c', period: { start: JAN_1 + 10 * DAY, end: FEB_1 } }),
    ];
    expect(upgrade(debits).invoice!.lines.map((l) => [l.amount, l.proration_details?.credited_items?.invoice_line_items[0] ?? null])).toEqual([
      [-3000, 'il_b'], // 4200 × 15/21 = 3000
      [-500, 'il_c'], // 700 × 15/21 = 500
      [2903, null],
    ]);
  });

  it('without a recorded debit (still pending) the classic credit stands; classic ignores debits', () => {
    expect(upgrade([]).invoice!.lines.map((l) => l.amount)).toEqual([-1935, 2903]); // 4000 × 15/31 = 1935.48 → −1935
    const classic = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', price('price_from', 4000), 1)]),
      request: { items: [item('si_1', price('price_to', 6000), 1)], proration_behavior: 'always_invoice' },
      names,
      usage: new Map(),
      debits: [periodLine(3000)],
      now: JAN_17,
    });
    expect(classic.invoice!.lines.map((l) => l.amount)).toEqual([-1935, 2903]);
  });

  it('cancelling with prorate credits the debit too', () => {
    const d = decideCancellation({
      subscription: subscription([item('si_1', price('price_from', 4000), 1)], flexible),
      request: { prorate: true },
      reason: 'cancellation_requested',
      names,
      usage: new Map(),
      latestInvoiceStatus: 'paid',
      debits: [periodLine(3000)],
      now: JAN_17,
    });
    expect(d.pendingItems.map((l) => l.amount)).toEqual([-1452]);
  });

  it('never credits more than was debited for the period, whatever the sequence of changes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 * DAY }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 6 }),
        (firstNet, changes) => {
          let sub = subscription([item('si_1', price('p0', 100_000), 1)], flexible);
          let debits: DebitLine[] = [periodLine(firstNet)];
          let debited = firstNet;
          let credited = 0;
          const instants = [...new Set(changes.map(([t]) => t))].sort((a, b) => a - b);
          for (const [i, offset] of instants.entries()) {
            const d = decideSubscriptionUpdate({
              subscription: sub,
              request: { items: [item('si_1', price(`p${i + 1}`, changes[i][1]), 1)], proration_behavior: 'always_invoice' },
              names,
              usage: new Map(),
              debits,
              now: JAN_1 + offset,
            });
            const lines = d.invoice?.lines ?? [];
            const used = new Set(lines.flatMap((l) => l.proration_details?.credited_items?.invoice_line_items ?? []));
            credited += -lines.filter((l) => l.amount < 0).reduce((s, l) => s + l.amount, 0);
            // What this change debited becomes the debit a later change credits.
            const fresh = lines
              .filter((l) => l.amount > 0)
              .map((l, k) => periodLine(l.amount, { invoice: `in_${i}`, line: `il_${i}_${k}`, period: l.period }));
            debited += fresh.reduce((s, l) => s + l.net, 0);
            debits = [...debits.filter((x) => !used.has(x.line)), ...fresh];
            expect(credited).toBeLessThanOrEqual(debited);
            sub = { ...d.subscription, latest_invoice: `in_${i}` };
          }
        },
      ),
    );
  });
});

describe('billing mode', () => {
  it('defaults to flexible with included proration discounts; classic when asked; migrates one way', () => {
    expect(billingModeOf(undefined, JAN_1)).toEqual({ type: 'flexible', flexible: { proration_discounts: 'included' }, updated_at: JAN_1 });
    expect(billingModeOf({ type: 'classic' }, JAN_1)).toEqual({ type: 'classic', flexible: null, updated_at: JAN_1 });
    const classic = subscription([item('si_1', price('p', 1000), 1)], { billing_mode: billingModeOf({ type: 'classic' }, JAN_1) });
    expect(migrateBillingMode(classic, { type: 'flexible' }, JAN_17).billing_mode).toEqual({
      type: 'flexible',
      flexible: { proration_discounts: 'included' },
      updated_at: JAN_17,
    });
    expect(() => migrateBillingMode(subscription([], flexible), { type: 'flexible' }, JAN_17)).toThrow(/already/);
    expect(() => migrateBillingMode(classic, { type: 'classic' }, JAN_17)).toThrow(/only be migrated to flexible/);
  });
});
