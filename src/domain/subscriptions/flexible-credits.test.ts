import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, FEB_1, JAN_1, item, names, price, subscription } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionUpdate } from './update-subscription.ts';
import { decideCancellation } from './cancel-subscription.ts';
import { billingModeOf, migrateBillingMode } from './billing-mode.ts';
import { debitRef, type DebitLine } from './flexible-credits.ts';
import type { InvoiceLineDraft } from '../invoices/invoice-draft.ts';
import type { InvoiceDiscount } from '../invoice-totals.ts';

const JAN_17 = JAN_1 + 16 * DAY; // 15 of January's 31 days remain
const flexible = { billing_mode: billingModeOf(undefined, JAN_1) };
const lineOf = (invoice: string, line: string) => ({ type: 'invoice_line_items' as const, invoice, invoice_line_items: [line] });
/** A debit line that charged `net` (no discount amounts beside it). */
const periodLine = (net: number, over: Partial<DebitLine> = {}): DebitLine => ({
  credits: lineOf('in_first', 'il_period'),
  subscription_item: 'si_1',
  amount: net,
  discount_amounts: [],
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
      proration_details: { credited_items: lineOf('in_first', 'il_period') },
      period: { start: JAN_17, end: FEB_1 },
      discountable: false,
    });
  });

  it('one credit per debit that covers the credited time', () => {
    const debits = [
      periodLine(1000, { credits: lineOf('in_first', 'il_a'), period: { start: JAN_1, end: JAN_1 + 10 * DAY } }), // over before the change: not credited
      periodLine(4200, { credits: lineOf('in_change', 'il_b'), period: { start: JAN_1 + 10 * DAY, end: FEB_1 } }),
      periodLine(700, { credits: lineOf('in_change', 'il_c'), period: { start: JAN_1 + 10 * DAY, end: FEB_1 } }),
    ];
    const ref = (l: InvoiceLineDraft) => (l.proration_details?.credited_items ? debitRef(l.proration_details.credited_items) : null);
    expect(upgrade(debits).invoice!.lines.map((l) => [l.amount, ref(l)])).toEqual([
      [-3000, 'il_b'], // 4200 × 15/21 = 3000
      [-500, 'il_c'], // 700 × 15/21 = 500
      [2903, null],
    ]);
  });

  it('without a debit for the time nothing is credited (the customer paid nothing for it); classic ignores debits', () => {
    expect(upgrade([]).invoice!.lines.map((l) => l.amount)).toEqual([2903]); // only the debit: 6000 × 15/31 = 2903.23 → 2903
    const classic = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', price('price_from', 4000), 1)]),
      request: { items: [item('si_1', price('price_to', 6000), 1)], proration_behavior: 'always_invoice' },
      names,
      usage: new Map(),
      debits: [periodLine(3000)],
      now: JAN_17,
    });
    expect(classic.invoice!.lines.map((l) => l.amount)).toEqual([-1935, 2903]); // 4000 × 15/31 = 1935.48 → −1935
  });

  it('a debit still pending (create_prorations) is credited exactly, naming its invoice item', () => {
    const JAN_25 = JAN_1 + 24 * DAY; // 7 of the pending debit's 15 days remain
    const pending = periodLine(2903, { credits: { type: 'invoice_item', invoice_item: 'ii_up' }, period: { start: JAN_17, end: FEB_1 } });
    const d = decideSubscriptionUpdate({
      subscription: subscription([item('si_1', price('price_up', 6000), 1)], flexible),
      request: { items: [item('si_1', price('price_down', 2000), 1)] }, // create_prorations: both stay pending
      names,
      usage: new Map(),
      debits: [pending],
      now: JAN_25,
    });
    expect(d.invoice).toBeNull();
    expect(d.pendingItems.map((l) => l.amount)).toEqual([
      -1355, // 2903 × 7/15 = 1354.73 → −1355 (not 6000 × 7/31 = 1354.84 of the price)
      452, // 2000 × 7/31 = 451.61 → 452
    ]);
    expect(d.pendingItems[0]).toMatchObject({
      proration_details: { credited_items: { type: 'invoice_item', invoice_item: 'ii_up' } },
      period: { start: JAN_25, end: FEB_1 },
    });
  });

  describe('proration_discounts', () => {
    const forever25: InvoiceDiscount = {
      id: 'di_sub',
      coupon: { id: 'co_25', percent_off: 25, amount_off: null, currency: null, duration: 'forever', duration_in_months: null, applies_to_products: null },
    };
    // The period line charged 4000 with 1000 off (25%): 3000 net.
    const paid = periodLine(4000, { discount_amounts: [{ discount: 'di_sub', amount: 1000 }] });
    const change = (mode: 'included' | 'itemized', behavior: 'always_invoice' | 'create_prorations' = 'always_invoice') => {
      const d = decideSubscriptionUpdate({
        subscription: subscription([item('si_1', price('price_from', 4000), 1)], {
          billing_mode: billingModeOf({ type: 'flexible', flexible: { proration_discounts: mode } }, JAN_1),
        }),
        request: { items: [item('si_1', price('price_to', 6000), 1)], proration_behavior: behavior },
        names,
        usage: new Map(),
        debits: [paid],
        discounts: { subscription: [forever25], items: new Map() },
        now: JAN_17,
      });
      return (d.invoice?.lines ?? d.pendingItems).map((l) => ({ amount: l.amount, discount_amounts: l.discount_amounts, discountable: l.discountable }));
    };

    it('included: amounts net of discounts, no discount amounts', () => {
      expect(change('included')).toEqual([
        { amount: -1452, discount_amounts: [], discountable: false }, // 3000 × 15/31 = 1451.61 → −1452
        { amount: 2177, discount_amounts: [], discountable: false }, // 6000 × 15/31 = 2903.23 → 2903; 25% = 725.75 → 726; 2903 − 726 = 2177
      ]);
    });

    it('itemized: amounts before discounts, the discount beside each, the same net to the cent', () => {
      expect(change('itemized')).toEqual([
        // 4000 × 15/31 = 1935.48 → −1935; its discount is what separates it from the net credit: 1935 − 1452 = 483
        { amount: -1935, discount_amounts: [{ discount: 'di_sub', amount: -483 }], discountable: false },
        { amount: 2903, discount_amounts: [{ discount: 'di_sub', amount: 726 }], discountable: false }, // 25% of 2903 = 725.75 → 726
      ]);
      // nets: −1935 + 483 = −1452 and 2903 − 726 = 2177, as included
    });

    it('a pending debit keeps the discount it took when made', () => {
      expect(change('itemized', 'create_prorations')[1]).toEqual({ amount: 2903, discount_amounts: [{ discount: 'di_sub', amount: 726 }], discountable: false });
    });
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

});

describe('flexible credits: the property', () => {
  const coupon = (percent: number): InvoiceDiscount => ({
    id: 'di_sub',
    coupon: { id: 'co', percent_off: percent, amount_off: null, currency: null, duration: 'forever', duration_in_months: null, applies_to_products: null },
  });
  const netOfLine = (l: InvoiceLineDraft) => l.amount - (l.discount_amounts ?? []).reduce((s, d) => s + d.amount, 0);

  /** Runs the changes in one proration_discounts mode; returns each change's lines' nets and the running sums. */
  function run(mode: 'included' | 'itemized', percent: number, first: number, changes: Array<[number, number, boolean]>) {
    let sub = subscription([item('si_1', price('p0', 100_000), 1)], { billing_mode: billingModeOf({ type: 'flexible', flexible: { proration_discounts: mode } }, JAN_1) });
    const firstOff = Math.round((first * percent) / 100);
    let debits: DebitLine[] = [periodLine(first, { discount_amounts: firstOff ? [{ discount: 'di_sub', amount: firstOff }] : [] })];
    let debited = first - firstOff;
    let credited = 0;
    const nets: number[][] = [];
    const instants = [...new Set(changes.map(([t]) => t))].sort((a, b) => a - b);
    for (const [i, offset] of instants.entries()) {
      const [, amount, invoiceNow] = changes[i];
      const d = decideSubscriptionUpdate({
        subscription: sub,
        request: { items: [item('si_1', price(`p${i + 1}`, amount), 1)], proration_behavior: invoiceNow ? 'always_invoice' : 'create_prorations' },
        names,
        usage: new Map(),
        debits,
        discounts: { subscription: [coupon(percent)], items: new Map() },
        now: JAN_1 + offset,
      });
      const lines = d.invoice?.lines ?? d.pendingItems;
      nets.push(lines.map(netOfLine).filter((n) => n !== 0)); // itemized may show a line whose discount takes it all
      for (const l of lines.filter((x) => x.amount < 0)) {
        // Each credit is at most what is left of the debit it names.
        const debit = debits.find((x) => debitRef(x.credits) === debitRef(l.proration_details!.credited_items!))!;
        expect(-netOfLine(l)).toBeLessThanOrEqual(debit.amount - debit.discount_amounts.reduce((s, x) => s + x.amount, 0));
        credited -= netOfLine(l);
      }
      const used = new Set(lines.flatMap((l) => (l.proration_details?.credited_items ? [debitRef(l.proration_details.credited_items)] : [])));
      // What this change debited — invoiced now, or still pending as an invoice item — is what a later change credits.
      const fresh = lines
        .filter((l) => l.amount > 0)
        .map((l, k) =>
          periodLine(l.amount, {
            credits: invoiceNow ? lineOf(`in_${i}`, `il_${i}_${k}`) : { type: 'invoice_item', invoice_item: `ii_${i}_${k}` },
            discount_amounts: l.discount_amounts ?? [],
            period: l.period,
          }),
        );
      debited += fresh.reduce((s, l) => s + l.amount - l.discount_amounts.reduce((t, x) => t + x.amount, 0), 0);
      debits = [...debits.filter((x) => !used.has(debitRef(x.credits))), ...fresh];
      expect(credited).toBeLessThanOrEqual(debited);
      sub = { ...d.subscription, latest_invoice: `in_${i}` };
    }
    return nets;
  }

  it('never credits more than was debited for the period, whatever the sequence of upgrades and downgrades, invoiced or pending, itemized or included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 30 * DAY }), fc.integer({ min: 0, max: 100_000 }), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (percent, first, changes) => {
          // Itemized shows the same money differently: every line's net is the included line's amount.
          expect(run('itemized', percent, first, changes)).toEqual(run('included', percent, first, changes));
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
