import { describe, expect, it } from 'vitest';
import type { CouponTerms } from '../discounts.ts';
import { renewSubscription, FINALIZE_AFTER_SECONDS, type RenewalInput } from './renew-subscription.ts';
import { customer, discount, env, FEB_1, item, JAN_1, MAR_1, price, subscription, taxRate } from './billing-fixtures.test-support.ts';

const coupon = (c: Partial<CouponTerms>): CouponTerms => ({
  id: 'co', percent_off: null, amount_off: null, currency: null, currency_options: null,
  duration: 'forever', duration_in_months: null, applies_to_products: null, ...c,
});

const seat = price({ id: 'seat', unit_amount: 1200, unit_amount_decimal: '1200' as any });
const calls = price({
  id: 'calls',
  unit_amount: 25,
  unit_amount_decimal: '25' as any,
  recurring: { interval: 'month', interval_count: 1, usage_type: 'metered', meter: 'mtr_1', trial_period_days: null } as any,
});

function input(over: Partial<RenewalInput> = {}): RenewalInput {
  return {
    subscription: subscription([item('si_seat', seat, 5), item('si_calls', calls, null)]),
    customer: customer(),
    productNames: new Map([['prod_seat', 'Seat'], ['prod_calls', 'API calls']]),
    discounts: [],
    itemDiscounts: new Map(),
    usage: new Map([['si_calls', 1037]]),
    pendingItems: [],
    ...over,
  };
}

describe('renewSubscription', () => {
  it('bills licensed items in advance and metered usage in arrears, and moves to the next period', () => {
    const r = renewSubscription(input(), FEB_1, env());
    // seats: 5 × 1200 = 6000 for [Feb 1, Mar 1); calls: 1037 × 25 = 25925 for [Jan 1, Feb 1)
    expect(r.lines.map((l) => [l.line.amount, l.line.period.start, l.line.period.end])).toEqual([
      [6000, FEB_1, MAR_1],
      [25925, JAN_1, FEB_1],
    ]);
    expect(r.lines.map((l) => l.line.description)).toEqual(['5 × Seat (at 12.00 USD / month)', '1037 × API calls (usage)']);
    expect(r.invoice.total).toBe(31925); // 6000 + 25925
    expect(r.invoice.amount_due).toBe(31925);
    expect(r.invoice.status).toBe('draft');
    expect(r.invoice.billing_reason).toBe('subscription_cycle');
    expect([r.invoice.period_start, r.invoice.period_end]).toEqual([JAN_1, FEB_1]);
    expect(r.invoice.automatically_finalizes_at).toBe(FEB_1 + FINALIZE_AFTER_SECONDS);
    expect(r.billingPeriodKey).toBe(String(FEB_1));
    expect(r.subscription.items.data.map((i) => [i.current_period_start, i.current_period_end])).toEqual([
      [FEB_1, MAR_1],
      [FEB_1, MAR_1],
    ]);
    expect(r.subscription.latest_invoice).toBe(r.invoice.id);
    expect(r.events.map((e) => e.type)).toEqual(['invoice.created', 'customer.subscription.updated']);
  });

  it('applies a forever percent coupon and exclusive tax; a once coupon is used up', () => {
    const vat = taxRate('txr_vat', 20);
    const sub = subscription([item('si_seat', seat, 3)], { default_tax_rates: [vat], discounts: ['di_ten', 'di_five'] as any });
    const r = renewSubscription(
      input({
        subscription: sub,
        discounts: [
          { discount: discount('di_ten', 'ten'), coupon: coupon({ id: 'ten', percent_off: 10 }) },
          { discount: discount('di_five', 'five'), coupon: coupon({ id: 'five', amount_off: 500, currency: 'usd', duration: 'once' }) },
        ],
      }),
      FEB_1,
      env(),
    );
    // 3 × 1200 = 3600; 10% off = 360 → 3240; 500 off → 2740; VAT 20% of 2740 = 548
    expect(r.invoice.subtotal).toBe(3600);
    expect(r.invoice.total_discount_amounts).toEqual([
      { discount: 'di_ten', amount: 360 },
      { discount: 'di_five', amount: 500 },
    ]);
    expect(r.invoice.total_taxes!.map((t) => t.amount)).toEqual([548]);
    expect(r.invoice.total).toBe(3288); // 3600 − 360 − 500 + 548
    expect(r.endedDiscounts.map((d) => d.id)).toEqual(['di_five']);
    expect(r.subscription.discounts).toEqual(['di_ten']);
    expect(r.events.map((e) => e.type)).toEqual(['invoice.created', 'customer.discount.deleted', 'customer.subscription.updated']);
  });

  it('a repeating discount past its end no longer applies and is removed', () => {
    const sub = subscription([item('si_seat', seat, 1)], { discounts: ['di_rep'] as any });
    const r = renewSubscription(
      input({
        subscription: sub,
        discounts: [{ discount: discount('di_rep', 'rep', { end: FEB_1 }), coupon: coupon({ id: 'rep', percent_off: 50, duration: 'repeating', duration_in_months: 1 }) }],
      }),
      FEB_1,
      env(),
    );
    expect(r.invoice.total).toBe(1200); // 1 × 1200, no discount: it ended on Feb 1
    expect(r.invoice.discounts).toEqual([]);
    expect(r.subscription.discounts).toEqual([]);
  });

  it('takes the pending invoice items onto the invoice', () => {
    const pending = {
      id: 'ii_1',
      object: 'invoiceitem',
      amount: -450,
      currency: 'usd',
      description: 'Unused time',
      discountable: false,
      period: { start: JAN_1, end: FEB_1 },
      proration: true,
      quantity: 1,
      tax_rates: [],
      discounts: [],
      metadata: {},
      pricing: null,
      parent: { subscription_details: { subscription: 'sub_1', subscription_item: 'si_seat' } },
    } as any;
    const r = renewSubscription(input({ subscription: subscription([item('si_seat', seat, 1)]), pendingItems: [pending] }), FEB_1, env());
    expect(r.lines.map((l) => l.line.amount)).toEqual([1200, -450]);
    expect(r.invoice.total).toBe(750); // 1200 − 450
    expect(r.invoiceItems.map((i) => i.invoice)).toEqual([r.invoice.id]);
  });

  it('after a trial: active, and no usage billed for the trial', () => {
    const sub = subscription([item('si_seat', seat, 2), item('si_calls', calls, null)], { status: 'trialing' });
    const r = renewSubscription({ ...input({ subscription: sub }), afterTrial: true }, FEB_1, env());
    expect(r.lines.map((l) => l.line.amount)).toEqual([2400]); // 2 × 1200; metered usage of a trial is not billed
    expect(r.subscription.status).toBe('active');
  });

  it('after a trial with mixed intervals: each item starts its own interval at the trial end, on one invoice', () => {
    const TRIAL_END = JAN_1 + 14 * 86_400; // Jan 15, the anchor
    const yearly = price({ id: 'archive', unit_amount: 12000, unit_amount_decimal: '12000' as any, recurring: { interval: 'year', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null } as any });
    const trial = { current_period_start: JAN_1, current_period_end: TRIAL_END };
    const sub = subscription([item('si_seat', seat, 1, trial), item('si_archive', yearly, 1, trial)], { status: 'trialing', billing_cycle_anchor: TRIAL_END });
    const r = renewSubscription({ ...input({ subscription: sub }), afterTrial: true }, TRIAL_END, env());
    expect(r.lines.map((l) => [l.line.amount, l.line.period.end])).toEqual([
      [1200, Date.UTC(2026, 1, 15) / 1000], // the seat's month: Jan 15 → Feb 15
      [12000, Date.UTC(2027, 0, 15) / 1000], // the archive's year: Jan 15 2026 → Jan 15 2027
    ]);
    expect(r.subscription.items.data.map((i) => i.current_period_end)).toEqual([Date.UTC(2026, 1, 15) / 1000, Date.UTC(2027, 0, 15) / 1000]);
  });

  it('keeps a draft unfinalized while collection is paused', () => {
    const sub = subscription([item('si_seat', seat, 1)], { pause_collection: { behavior: 'keep_as_draft', resumes_at: null } });
    const r = renewSubscription(input({ subscription: sub }), FEB_1, env());
    expect(r.invoice.auto_advance).toBe(false);
    expect(r.invoice.automatically_finalizes_at).toBeNull();
  });
});
