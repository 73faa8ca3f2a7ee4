// Plain Stripe-shaped objects for the domain's unit tests: a price, an item, a subscription in a
// period. Only the fields billing decisions read are meaningful; the rest are filled to type-check.
import type Stripe from 'stripe';

import { FEB_1, JAN_1 } from './calendar.ts';

export { DAY, JAN_1, FEB_1, MAR_1 } from './calendar.ts';

export function price(id: string, unitAmount: number, opts: { interval?: 'month' | 'year'; metered?: boolean; product?: string } = {}): Stripe.Price {
  return {
    id,
    object: 'price',
    active: true,
    billing_scheme: 'per_unit',
    created: JAN_1,
    currency: 'usd',
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: opts.product ?? `prod_${id}`,
    recurring: {
      interval: opts.interval ?? 'month',
      interval_count: 1,
      meter: null,
      trial_period_days: null,
      usage_type: opts.metered ? 'metered' : 'licensed',
    },
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'recurring',
    unit_amount: unitAmount,
    unit_amount_decimal: String(unitAmount),
  } as unknown as Stripe.Price;
}

export function item(id: string, p: Stripe.Price, quantity: number | null, period = { start: JAN_1, end: FEB_1 }): Stripe.SubscriptionItem {
  return {
    id,
    object: 'subscription_item',
    billing_thresholds: null,
    created: period.start,
    current_period_end: period.end,
    current_period_start: period.start,
    discounts: [],
    metadata: {},
    price: p,
    ...(quantity === null ? {} : { quantity }),
    subscription: 'sub_1',
    tax_rates: [],
  } as unknown as Stripe.SubscriptionItem;
}

export function subscription(items: Stripe.SubscriptionItem[], over: Partial<Stripe.Subscription> = {}): Stripe.Subscription {
  return {
    id: 'sub_1',
    object: 'subscription',
    billing_cycle_anchor: JAN_1,
    billing_mode: { flexible: null, type: 'classic' },
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, feedback_option: null, reason: null },
    collection_method: 'charge_automatically',
    created: JAN_1,
    currency: 'usd',
    customer: 'cus_1',
    days_until_due: null,
    default_payment_method: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    ended_at: null,
    items: { object: 'list', data: items, has_more: false, url: '/v1/subscription_items?subscription=sub_1' },
    latest_invoice: 'in_first',
    metadata: {},
    pause_collection: null,
    start_date: JAN_1,
    status: 'active',
    trial_end: null,
    trial_settings: { end_behavior: { billing_cycle_anchor: null, missing_payment_method: 'create_invoice' } },
    trial_start: null,
    ...over,
  } as unknown as Stripe.Subscription;
}

export const names = new Map<string, string>();
