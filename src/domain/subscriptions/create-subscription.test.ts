import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { DAY, FEB_1, JAN_1, item, names, price } from '../../../test/support/subscription-fixtures.ts';
import { decideSubscriptionCreate, type ResolvedSubscriptionCreate } from './create-subscription.ts';

const basic = price('price_basic', 3100);
const customer = { id: 'cus_1', test_clock: null } as unknown as Stripe.Customer;

const create = (over: Partial<ResolvedSubscriptionCreate> = {}, now = JAN_1) =>
  decideSubscriptionCreate({ request: { id: 'sub_1', customer, items: [item('si_1', basic, 1, { start: 0, end: 0 })], ...over }, names, now });
const amounts = (d: ReturnType<typeof create>) => d.invoice!.lines.map((l) => l.amount);

describe('decideSubscriptionCreate', () => {
  it('bills a whole first period in advance, keyed by its start, and starts incomplete until paid', () => {
    const d = create();
    expect(amounts(d)).toEqual([3100]);
    expect(d.invoice).toMatchObject({ billing_reason: 'subscription_create', key: String(JAN_1), period: { start: JAN_1, end: FEB_1 }, pending_items: 'exclude' });
    expect(d.subscription).toMatchObject({ status: 'incomplete', billing_cycle_anchor: JAN_1, start_date: JAN_1 });
    expect(d.subscription.items.data[0]).toMatchObject({ current_period_start: JAN_1, current_period_end: FEB_1 });
    expect(d.events.map((e) => e.type)).toEqual(['customer.subscription.created']);
  });

  it('prorates up to a future billing_cycle_anchor, or skips that part with proration_behavior=none', () => {
    const anchor = JAN_1 + 10 * DAY; // Jan 11: the first period is Dec 11 → Jan 11, of which Jan 1 → Jan 11 is billed
    expect(amounts(create({ billing_cycle_anchor: anchor }))).toEqual([1000]); // 3100 × 10/31 = 1000
    expect(amounts(create({ billing_cycle_anchor: anchor, proration_behavior: 'none' }))).toEqual([]);
  });

  it('a trial bills zero until it ends, and the trial end is the anchor', () => {
    const d = create({ trial_period_days: 14 });
    expect(amounts(d)).toEqual([0]);
    expect(d.subscription).toMatchObject({ status: 'trialing', trial_start: JAN_1, trial_end: JAN_1 + 14 * DAY, billing_cycle_anchor: JAN_1 + 14 * DAY });
    const fromPlan = price('price_trial', 3100);
    fromPlan.recurring!.trial_period_days = 7;
    expect(create({ items: [item('si_1', fromPlan, 1)], trial_from_plan: true }).subscription.trial_end).toBe(JAN_1 + 7 * DAY);
    expect(create({ trial_end: 'now' }).subscription.status).toBe('incomplete');
  });

  it('a start backdated by a month and a half bills both periods up to the current one’s end', () => {
    const d = create({ backdate_start_date: JAN_1 - 45 * DAY, billing_cycle_anchor: JAN_1 - 31 * DAY }); // Nov 17; anchor Dec 1
    expect(amounts(d)).toEqual([
      1447, // Nov 17 → Dec 1 of the period Nov 1 → Dec 1: 3100 × 14/30 = 1446.67 → 1447
      3100, // Dec 1 → Jan 1
      3100, // Jan 1 → Feb 1, the current period
    ]);
    expect(d.subscription.items.data[0].current_period_end).toBe(FEB_1);
  });

  it('send_invoice starts active; cancel_at_period_end cancels at the first period end; bad combinations are refused', () => {
    expect(create({ collection_method: 'send_invoice', days_until_due: 30 }).subscription.status).toBe('active');
    expect(create({ cancel_at_period_end: true }).subscription.cancel_at).toBe(FEB_1);
    expect(() => create({ collection_method: 'send_invoice' })).toThrow(/days_until_due/);
    expect(() => create({ cancel_at: JAN_1 - 1 })).toThrow(/future/);
    expect(() => create({ currency: 'eur' })).toThrow(/currency/);
    expect(() => create({ backdate_start_date: JAN_1 + DAY })).toThrow(/past/);
  });
});
