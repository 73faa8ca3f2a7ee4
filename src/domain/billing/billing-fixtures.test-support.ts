// Minimal Stripe-shaped objects for the billing decisions' unit tests (only the fields they read).
import type Stripe from 'stripe';
import { sequentialIds } from '../../core/ids.ts';

export const env = () => ({ ids: sequentialIds(), publicUrl: 'http://recur.test' });

export const JAN_1 = Date.UTC(2026, 0, 1) / 1000;
export const FEB_1 = Date.UTC(2026, 1, 1) / 1000;
export const MAR_1 = Date.UTC(2026, 2, 1) / 1000;

export function price(p: Partial<Stripe.Price> & { id: string }): Stripe.Price {
  return {
    object: 'price',
    product: `prod_${p.id}`,
    currency: 'usd',
    billing_scheme: 'per_unit',
    unit_amount: null,
    unit_amount_decimal: null,
    tiers_mode: null,
    tiers: null,
    transform_quantity: null,
    recurring: { interval: 'month', interval_count: 1, usage_type: 'licensed', meter: null, trial_period_days: null },
    ...p,
  } as unknown as Stripe.Price;
}

export function taxRate(id: string, percentage: number, inclusive = false): Stripe.TaxRate {
  return { id, object: 'tax_rate', percentage, inclusive } as unknown as Stripe.TaxRate;
}

export function item(id: string, p: Stripe.Price, quantity: number | null, extra: Partial<Stripe.SubscriptionItem> = {}): Stripe.SubscriptionItem {
  return {
    id,
    object: 'subscription_item',
    price: p,
    quantity,
    current_period_start: JAN_1,
    current_period_end: FEB_1,
    tax_rates: [],
    discounts: [],
    ...extra,
  } as unknown as Stripe.SubscriptionItem;
}

export function subscription(items: Stripe.SubscriptionItem[], extra: Partial<Stripe.Subscription> = {}): Stripe.Subscription {
  return {
    id: 'sub_1',
    object: 'subscription',
    customer: 'cus_1',
    status: 'active',
    currency: 'usd',
    billing_cycle_anchor: JAN_1,
    collection_method: 'charge_automatically',
    default_payment_method: null,
    default_tax_rates: [],
    discounts: [],
    description: null,
    metadata: {},
    pause_collection: null,
    latest_invoice: 'in_previous',
    days_until_due: null,
    items: { object: 'list', data: items, has_more: false, url: '/v1/subscription_items?subscription=sub_1' },
    ...extra,
  } as unknown as Stripe.Subscription;
}

export function customer(extra: Partial<Stripe.Customer> = {}): Stripe.Customer {
  return {
    id: 'cus_1',
    object: 'customer',
    email: 'ada@example.com',
    name: 'Ada',
    balance: 0,
    currency: 'usd',
    invoice_prefix: 'ADA1',
    next_invoice_sequence: 3,
    invoice_settings: { custom_fields: null, default_payment_method: 'pm_1', footer: null, rendering_options: null },
    test_clock: null,
    ...extra,
  } as unknown as Stripe.Customer;
}

export function discount(id: string, coupon: string, extra: Partial<Stripe.Discount> = {}): Stripe.Discount {
  return { id, object: 'discount', customer: 'cus_1', start: JAN_1, end: null, source: { coupon, type: 'coupon' }, subscription: 'sub_1', ...extra } as unknown as Stripe.Discount;
}
