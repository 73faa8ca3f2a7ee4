// Each item's own period in flexible billing mode: an item on another interval than the others
// bills on its own cycle from the subscription's anchor (a yearly add-on beside a monthly seat), and
// an item whose price moves to another interval takes that interval's cycle — the other items keep
// their periods (classic mode instead starts a new cycle for the whole subscription).
import type Stripe from 'stripe';
import { periodAt, type Interval } from '../periods.ts';
import type { Period } from './subscription-lines.ts';

const sameInterval = (a: Stripe.Price, b: Stripe.Price) =>
  a.recurring!.interval === b.recurring!.interval && a.recurring!.interval_count === b.recurring!.interval_count;

/** The cycle of `price`'s interval, on the subscription's anchor, that contains `at`. */
export function cycleAt(sub: Pick<Stripe.Subscription, 'billing_cycle_anchor'>, price: Stripe.Price, at: number): Period {
  const r = price.recurring!;
  return periodAt(sub.billing_cycle_anchor, r.interval as Interval, r.interval_count, at);
}

/** A new item's period: `period` (the subscription's) when another item shares its interval, else its own cycle at `at`. */
export function newItemPeriod(sub: Stripe.Subscription, price: Stripe.Price, period: Period, at: number): Period {
  return sub.items.data.some((i) => sameInterval(i.price, price)) ? period : cycleAt(sub, price, at);
}

/** The items after a change, each whose price moved to another interval on that interval's cycle at `at`. */
export function withOwnPeriods(before: Stripe.Subscription, items: Stripe.SubscriptionItem[], at: number): Stripe.SubscriptionItem[] {
  return items.map((item) => {
    const old = before.items.data.find((i) => i.id === item.id);
    if (!old || sameInterval(old.price, item.price)) return item;
    const own = cycleAt(before, item.price, at);
    return { ...item, current_period_start: own.start, current_period_end: own.end };
  });
}
