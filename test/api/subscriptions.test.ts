// Subscriptions through the official client: creation and its first invoice, trials, anchors,
// discounts, taxes, collection, declined first payments, cancellation, lists and search.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, JAN_1, utc } from '../support/calendar.ts';
import { clockedCustomer as sharedClockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';
import { processSubscriptionDue } from '../../src/services/subscriptions/process-subscription-due.ts';
import { FixedClock } from '../../src/core/clock.ts';
import { randomIds } from '../../src/core/ids.ts';
import type { Db } from '../../src/store/db.ts';

const r = recurForFile();

const clockedCustomer = (frozen = JAN_1, card = 'pm_card_visa') => sharedClockedCustomer(r.stripe, frozen, card);
const price = (amount: number, extra: Partial<Stripe.PriceCreateParams> = {}) => monthlyPlan(r.stripe, amount, extra);

async function invoicesOf(subscription: string) {
  const rows = await r.db.query('SELECT data FROM invoices WHERE subscription_id = $1 ORDER BY seq', [subscription]);
  return rows.map((x) => x.data as Stripe.Invoice);
}

async function linesOf(invoice: string) {
  const rows = await r.db.query('SELECT data FROM invoice_lines WHERE invoice_id = $1 ORDER BY seq', [invoice]);
  return rows.map((x) => x.data as Stripe.InvoiceLineItem);
}

async function eventTypes(objectId: string) {
  const rows = await r.db.query(`SELECT type FROM events WHERE data->'data'->'object'->>'id' = $1 ORDER BY seq`, [objectId]);
  return rows.map((e) => e.type as string);
}

const advance = (clock: string, to: number) => r.stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });

describe('creating subscriptions', () => {
  it('bills several items on a first invoice paid at once', async () => {
    const { customer } = await clockedCustomer();
    const seat = await price(3500);
    const storage = await price(1250);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: seat.id, quantity: 3, metadata: { role: 'seat' } }, { price: storage.id }],
      metadata: { org: 'acme' },
      description: 'Clinic plan',
      expand: ['latest_invoice'],
    });
    expect(sub.id).toMatch(/^sub_/);
    expect(sub).toMatchObject({
      object: 'subscription',
      status: 'active',
      customer: customer.id,
      currency: 'usd',
      collection_method: 'charge_automatically',
      billing_cycle_anchor: JAN_1,
      start_date: JAN_1,
      created: JAN_1,
      cancel_at_period_end: false,
      metadata: { org: 'acme' },
      description: 'Clinic plan',
      trial_end: null,
      discounts: [],
    });
    expect(sub.items.data).toHaveLength(2);
    expect(sub.items.data[0]).toMatchObject({
      object: 'subscription_item',
      quantity: 3,
      current_period_start: JAN_1,
      current_period_end: utc(2026, 2, 1),
      metadata: { role: 'seat' },
      subscription: sub.id,
    });
    expect(sub.items.data[0].price.id).toBe(seat.id);
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice.status).toBe('paid');
    expect(invoice.billing_reason).toBe('subscription_create');
    expect(invoice.total).toBe(3 * 3500 + 1250); // 11,750
    expect(invoice.amount_paid).toBe(11750);
    expect(invoice.parent?.subscription_details?.subscription).toBe(sub.id);
    const lines = await linesOf(invoice.id);
    expect(lines.map((l) => [l.amount, l.quantity, l.period.start, l.period.end])).toEqual([
      [10500, 3, JAN_1, utc(2026, 2, 1)],
      [1250, 1, JAN_1, utc(2026, 2, 1)],
    ]);
    // Created incomplete with its first payment committed as an attempt; the charge's outcome, recorded after, activates it.
    expect(await eventTypes(sub.id)).toEqual(['customer.subscription.created', 'customer.subscription.updated']);
    const got = await r.stripe.subscriptions.retrieve(sub.id);
    expect(got.status).toBe('active');
    expect(got.latest_invoice).toBe(invoice.id);
    const row = await r.db.query('SELECT next_action_at FROM subscriptions WHERE id = $1', [sub.id]);
    expect(Number(row[0].next_action_at)).toBe(utc(2026, 2, 1));
  });

  it('starts a trial with a $0 invoice, then bills when it ends', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], trial_period_days: 7 });
    expect(sub.status).toBe('trialing');
    expect(sub.trial_start).toBe(JAN_1);
    expect(sub.trial_end).toBe(JAN_1 + 7 * DAY);
    expect(sub.items.data[0].current_period_end).toBe(JAN_1 + 7 * DAY);
    await advance(clock.id, JAN_1 + 7 * DAY + 2 * 3600);
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.total, i.status, i.billing_reason])).toEqual([
      [0, 'paid', 'subscription_create'],
      [2000, 'paid', 'subscription_cycle'],
    ]);
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    expect(after.billing_cycle_anchor).toBe(JAN_1 + 7 * DAY);
    expect(after.items.data[0].current_period_end).toBe(utc(2026, 2, 8));
  });

  it('prorates the first invoice up to a future billing_cycle_anchor', async () => {
    const { clock, customer } = await clockedCustomer(utc(2026, 1, 10));
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      billing_cycle_anchor: utc(2026, 2, 1),
      expand: ['latest_invoice'],
    });
    // [Jan 10, Feb 1) is 22 of January's 31 days: 3,100 × 22 / 31 = 2,200
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(2200);
    expect(sub.items.data[0].current_period_start).toBe(utc(2026, 1, 10));
    expect(sub.items.data[0].current_period_end).toBe(utc(2026, 2, 1));
    expect(sub.billing_cycle_anchor).toBe(utc(2026, 2, 1));
    await advance(clock.id, utc(2026, 2, 1) + 7200);
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => i.total)).toEqual([2200, 3100]);
  });

  it('anchors with billing_cycle_anchor_config', async () => {
    const { customer } = await clockedCustomer(utc(2026, 1, 10));
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      billing_cycle_anchor_config: { day_of_month: 31 },
      expand: ['latest_invoice'],
    });
    expect(sub.billing_cycle_anchor).toBe(utc(2026, 1, 31));
    // [Jan 10, Jan 31) is 21 of 31 days: 3,100 × 21 / 31 = 2,100
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(2100);
    expect(sub.billing_cycle_anchor_config).toEqual({ day_of_month: 31, hour: null, minute: null, month: null, second: null });
  });
});

describe('changing subscriptions', () => {
  const JAN_16 = utc(2026, 1, 16);

  it('upgrades mid-cycle with create_prorations: a credit and a debit billed at renewal', async () => {
    const { clock, customer } = await clockedCustomer();
    const basic = await price(3100);
    const pro = await price(6200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    await advance(clock.id, JAN_16);
    const up = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: pro.id }] });
    expect(up.items.data).toHaveLength(1);
    expect(up.items.data[0].id).toBe(sub.items.data[0].id);
    expect(up.items.data[0].price.id).toBe(pro.id);
    const pending = await r.db.query(`SELECT data FROM invoice_items WHERE subscription_id = $1 AND invoice_id IS NULL ORDER BY seq`, [sub.id]);
    // 16 of January's 31 days remain: −3,100 × 16/31 = −1,600; 6,200 × 16/31 = 3,200
    expect(pending.map((x) => [x.data.amount, x.data.proration, x.data.period.start, x.data.period.end])).toEqual([
      [-1600, true, JAN_16, utc(2026, 2, 1)],
      [3200, true, JAN_16, utc(2026, 2, 1)],
    ]);
    expect(pending[1].data.pricing.price_details.price).toBe(pro.id);
    await advance(clock.id, utc(2026, 2, 1) + 7200);
    const invoices = await invoicesOf(sub.id);
    // 6,200 for February + 3,200 − 1,600
    expect(invoices.map((i) => [i.total, i.status])).toEqual([
      [3100, 'paid'],
      [7800, 'paid'],
    ]);
    expect(await eventTypes(sub.id)).toContain('customer.subscription.updated');
  });

  it('downgrades with always_invoice: an invoice now whose credit goes to the balance', async () => {
    const { clock, customer } = await clockedCustomer();
    const basic = await price(3100);
    const pro = await price(6200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    await advance(clock.id, JAN_16);
    const down = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: basic.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const inv = down.latest_invoice as Stripe.Invoice;
    expect(inv.billing_reason).toBe('subscription_update');
    // −6,200 × 16/31 + 3,100 × 16/31 = −3,200 + 1,600 = −1,600
    expect(inv.total).toBe(-1600);
    expect(inv.status).toBe('paid');
    expect(((await r.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-1600);
    const lines = await linesOf(inv.id);
    expect(lines.map((l) => [l.amount, l.parent?.subscription_item_details?.proration])).toEqual([
      [-3200, true],
      [1600, true],
    ]);
  });

  it('upgrades with always_invoice: the difference is charged now', async () => {
    const { clock, customer } = await clockedCustomer();
    const basic = await price(3100);
    const pro = await price(6200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    await advance(clock.id, JAN_16);
    const up = await r.stripe.subscriptions.update(sub.id, {
      items: [{ id: sub.items.data[0].id, price: pro.id }],
      proration_behavior: 'always_invoice',
      expand: ['latest_invoice'],
    });
    const inv = up.latest_invoice as Stripe.Invoice;
    expect([inv.total, inv.amount_paid, inv.status]).toEqual([1600, 1600, 'paid']);
    expect(up.status).toBe('active');
  });

  it('changes quantity with proration_date, and without prorations', async () => {
    const { clock, customer } = await clockedCustomer();
    const seat = await price(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: seat.id, quantity: 2 }] });
    await advance(clock.id, utc(2026, 1, 20));
    const item = await r.stripe.subscriptionItems.update(sub.items.data[0].id, { quantity: 5, proration_date: JAN_16 });
    expect(item.quantity).toBe(5);
    const pending = await r.db.query(`SELECT data FROM invoice_items WHERE subscription_id = $1 AND invoice_id IS NULL ORDER BY seq`, [sub.id]);
    // −2 × 3,100 × 16/31 = −3,200; 5 × 3,100 × 16/31 = 8,000
    expect(pending.map((x) => x.data.amount)).toEqual([-3200, 8000]);
    await r.stripe.subscriptionItems.update(sub.items.data[0].id, { quantity: 6, proration_behavior: 'none' });
    const after = await r.db.query(`SELECT count(*)::int AS n FROM invoice_items WHERE subscription_id = $1`, [sub.id]);
    expect(after[0].n).toBe(2);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).items.data[0].quantity).toBe(6);
  });

  it('adds and removes items through /v1/subscription_items', async () => {
    const { customer } = await clockedCustomer();
    const a = await price(1000);
    const b = await price(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }] });
    const added = await r.stripe.subscriptionItems.create({ subscription: sub.id, price: b.id, quantity: 2, proration_behavior: 'none' });
    expect(added).toMatchObject({ object: 'subscription_item', quantity: 2, subscription: sub.id });
    const listed = await r.stripe.subscriptionItems.list({ subscription: sub.id });
    expect(listed.data.map((i) => i.id).sort()).toEqual([sub.items.data[0].id, added.id].sort());
    expect((await r.stripe.subscriptionItems.retrieve(added.id)).price.id).toBe(b.id);
    const del = await r.stripe.subscriptionItems.del(added.id, { proration_behavior: 'none' });
    expect(del).toMatchObject({ id: added.id, object: 'subscription_item', deleted: true });
    expect((await r.stripe.subscriptions.retrieve(sub.id)).items.data.map((i) => i.id)).toEqual([sub.items.data[0].id]);
    await expectStripeError(r.stripe.subscriptionItems.retrieve(added.id), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.subscriptionItems.create({ subscription: sub.id, price: 'price_nope' }), { status: 400, param: 'price' });
    await expectStripeError(r.stripe.subscriptionItems.create({ subscription: 'sub_nope', price: a.id }), { status: 400, param: 'subscription' });
    await expectStripeError(r.stripe.subscriptionItems.del(sub.items.data[0].id), { status: 400, param: 'items' });
  });
});

describe('cancelling subscriptions', () => {
  it('cancels at period end', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(1200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    const set = await r.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(set.cancel_at_period_end).toBe(true);
    expect(set.cancel_at).toBe(utc(2026, 2, 1));
    await advance(clock.id, utc(2026, 3, 15));
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('canceled');
    expect(after.ended_at).toBe(utc(2026, 2, 1));
    // As the API documents it: the time of the request that scheduled it, not the period end.
    expect(after.canceled_at).toBe(JAN_1);
    expect(await invoicesOf(sub.id)).toHaveLength(1);
    expect(await eventTypes(sub.id)).toEqual([
      'customer.subscription.created',
      'customer.subscription.updated', // active once the first payment is recorded
      'customer.subscription.updated',
      'customer.subscription.deleted',
    ]);
    const row = await r.db.query('SELECT next_action_at FROM subscriptions WHERE id = $1', [sub.id]);
    expect(row[0].next_action_at).toBeNull();
  });

  it('cancels now with prorate and invoice_now: the unused time is credited to the balance', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    await advance(clock.id, utc(2026, 1, 16));
    const canceled = await r.stripe.subscriptions.cancel(sub.id, {
      prorate: true,
      invoice_now: true,
      cancellation_details: { comment: 'moving', feedback: 'too_expensive' },
    });
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceled_at).toBe(utc(2026, 1, 16));
    expect(canceled.cancellation_details).toMatchObject({ comment: 'moving', feedback: 'too_expensive', reason: 'cancellation_requested' });
    const invoices = await invoicesOf(sub.id);
    // −3,100 × 16/31 = −1,600
    expect(invoices.map((i) => [i.total, i.status])).toEqual([
      [3100, 'paid'],
      [-1600, 'paid'],
    ]);
    expect(((await r.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-1600);
    await expectStripeError(r.stripe.subscriptions.cancel(sub.id), { status: 400 });
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { proration_behavior: 'none' }), { status: 400 });
    const meta = await r.stripe.subscriptions.update(sub.id, { metadata: { why: 'moved' } });
    expect(meta.metadata).toEqual({ why: 'moved' });
  });

  it('cancels now with prorate only: a pending credit', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    await advance(clock.id, utc(2026, 1, 16));
    await r.stripe.subscriptions.cancel(sub.id, { prorate: true });
    const pending = await r.db.query(`SELECT data FROM invoice_items WHERE subscription_id = $1 AND invoice_id IS NULL`, [sub.id]);
    expect(pending.map((x) => x.data.amount)).toEqual([-1600]);
  });

  it('cancels at a date', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], cancel_at: utc(2026, 2, 16) });
    expect(sub.cancel_at).toBe(utc(2026, 2, 16));
    await advance(clock.id, utc(2026, 3, 1));
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect([after.status, after.ended_at]).toEqual(['canceled', utc(2026, 2, 16)]);
    expect((await invoicesOf(sub.id)).map((i) => i.total)).toEqual([3100, 3100]);
  });

  it("cancels a deleted customer's subscriptions", async () => {
    const { customer } = await clockedCustomer();
    const p = await price(500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    await r.stripe.customers.del(customer.id);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });
});

describe('discounts, taxes and collection', () => {
  it('a repeating coupon discounts three months, then stops', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(5000);
    const coupon = await r.stripe.coupons.create({ percent_off: 20, duration: 'repeating', duration_in_months: 3 });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], discounts: [{ coupon: coupon.id }], expand: ['discounts'] });
    const d = sub.discounts[0] as Stripe.Discount;
    expect(d).toMatchObject({ object: 'discount', start: JAN_1, end: utc(2026, 4, 1), subscription: sub.id, source: { coupon: coupon.id, type: 'coupon' } });
    expect((await r.stripe.coupons.retrieve(coupon.id)).times_redeemed).toBe(1);
    await advance(clock.id, utc(2026, 5, 15));
    // 5,000 − 20% = 4,000 for Jan, Feb, Mar; full price from Apr 1
    expect((await invoicesOf(sub.id)).map((i) => i.total)).toEqual([4000, 4000, 4000, 5000, 5000]);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).discounts).toEqual([]);
  });

  it('a once coupon through a promotion code discounts the first invoice only', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(5000);
    const coupon = await r.stripe.coupons.create({ amount_off: 1500, currency: 'usd', duration: 'once' });
    const promo = await r.stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'WELCOME15' } as any);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], discounts: [{ promotion_code: promo.id }] });
    await advance(clock.id, utc(2026, 2, 2));
    expect((await invoicesOf(sub.id)).map((i) => i.total)).toEqual([3500, 5000]);
    await expectStripeError(
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], discounts: [{ coupon: 'nope' }] }),
      { status: 404, param: 'discounts[0][coupon]' },
    );
  });

  it('applies default tax rates, exclusive and inclusive', async () => {
    const { customer } = await clockedCustomer();
    const vat = await r.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const sales = await r.stripe.taxRates.create({ display_name: 'Sales tax', percentage: 10, inclusive: false });
    const p = await price(1200);
    const inclusive = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      default_tax_rates: [vat.id],
      expand: ['latest_invoice'],
    });
    expect(inclusive.default_tax_rates!.map((t) => t.id)).toEqual([vat.id]);
    const i1 = inclusive.latest_invoice as Stripe.Invoice;
    // 1,200 includes 20% VAT: 1,200 − 1,200 / 1.2 = 200
    expect([i1.total, i1.subtotal, i1.total_excluding_tax]).toEqual([1200, 1200, 1000]);
    expect(i1.total_taxes!.map((t) => t.amount)).toEqual([200]);
    const q = await price(1000);
    const exclusive = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: q.id, tax_rates: [sales.id] }],
      expand: ['latest_invoice'],
    });
    expect(exclusive.items.data[0].tax_rates!.map((t) => t.id)).toEqual([sales.id]);
    // 1,000 + 10% = 1,100
    expect((exclusive.latest_invoice as Stripe.Invoice).total).toBe(1100);
    await expectStripeError(r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: q.id }], default_tax_rates: ['txr_nope'] }), {
      status: 404,
      param: 'default_tax_rates[0]',
    });
  });

  it('sends invoices with days_until_due', async () => {
    const { customer } = await clockedCustomer();
    const p = await price(4000);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      collection_method: 'send_invoice',
      days_until_due: 14,
      expand: ['latest_invoice'],
    });
    expect(sub.status).toBe('active');
    expect(sub.days_until_due).toBe(14);
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect([inv.status, inv.collection_method, inv.due_date, inv.amount_paid]).toEqual(['open', 'send_invoice', JAN_1 + 14 * DAY, 0]);
    await expectStripeError(r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], collection_method: 'send_invoice' }), {
      status: 400,
      param: 'days_until_due',
      code: 'parameter_missing',
    });
  });

  it('adds one-time invoice items to the first invoice', async () => {
    const { customer } = await clockedCustomer();
    const p = await price(1000);
    const setup = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2500, product_data: { name: 'Setup' } });
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      add_invoice_items: [{ price: setup.id, quantity: 2 }],
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(1000 + 2 * 2500);
  });
});

describe('payment outcomes', () => {
  it('a declined first payment leaves it incomplete; after 23 hours it expires and the invoice is voided', async () => {
    const { clock, customer, pm } = await clockedCustomer(JAN_1, 'pm_card_chargeCustomerFail');
    const p = await price(900);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], default_payment_method: pm.id });
    expect(sub.status).toBe('incomplete');
    const [first] = await invoicesOf(sub.id);
    expect([first.status, first.attempt_count]).toEqual(['open', 1]);
    const row = await r.db.query('SELECT next_action_at FROM subscriptions WHERE id = $1', [sub.id]);
    expect(Number(row[0].next_action_at)).toBe(JAN_1 + 23 * 3600);
    await advance(clock.id, JAN_1 + 23 * 3600 + 1);
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('incomplete_expired');
    expect((await invoicesOf(sub.id))[0].status).toBe('void');
    expect(await eventTypes(sub.id)).toEqual(['customer.subscription.created', 'customer.subscription.deleted']);
  });

  it('an incomplete subscription becomes active when its invoice is paid', async () => {
    const { customer } = await clockedCustomer(JAN_1, 'pm_card_chargeCustomerFail');
    const p = await price(900);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    expect(sub.status).toBe('incomplete');
    await r.stripe.invoices.pay(sub.latest_invoice as string, { paid_out_of_band: true });
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('active');
    const row = await r.db.query('SELECT next_action_at FROM subscriptions WHERE id = $1', [sub.id]);
    expect(Number(row[0].next_action_at)).toBe(utc(2026, 2, 1));
  });

  it('error_if_incomplete refuses with a 402 and creates nothing', async () => {
    const { customer } = await clockedCustomer(JAN_1, 'pm_card_chargeCustomerFail');
    const p = await price(900);
    const count = async () => (await r.db.query('SELECT count(*)::int AS n FROM subscriptions WHERE customer_id = $1', [customer.id]))[0].n;
    const before = await count();
    const e = await expectStripeError(
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], payment_behavior: 'error_if_incomplete' }),
      { status: 402, type: 'card_error' },
    );
    expect(e.code).toBe('card_declined');
    expect(await count()).toBe(before);
    expect((await r.db.query('SELECT count(*)::int AS n FROM invoices WHERE customer_id = $1', [customer.id]))[0].n).toBe(0);
  });

  it('default_incomplete leaves the first invoice open without attempting payment', async () => {
    const { customer } = await clockedCustomer();
    const p = await price(900);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      payment_behavior: 'default_incomplete',
      expand: ['latest_invoice'],
    });
    expect(sub.status).toBe('incomplete');
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect([inv.status, inv.attempt_count]).toEqual(['open', 0]);
  });

  it('a failed renewal makes the subscription past_due, paying makes it active', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(700);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    const bad = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await r.stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await advance(clock.id, utc(2026, 2, 1) + 7200);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    const renewal = (await invoicesOf(sub.id))[1];
    await r.stripe.invoices.pay(renewal.id, { paid_out_of_band: true });
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});

describe('trials without a payment method', () => {
  async function bare() {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await r.stripe.customers.create({ test_clock: clock.id });
    return { clock, customer };
  }

  it('pauses at trial end with missing_payment_method=pause', async () => {
    const { clock, customer } = await bare();
    const p = await price(1000);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      trial_end: JAN_1 + 3 * DAY,
      trial_settings: { end_behavior: { missing_payment_method: 'pause' } },
    });
    await advance(clock.id, JAN_1 + 10 * DAY);
    const after = await r.stripe.subscriptions.retrieve(sub.id);
    expect(after.status).toBe('paused');
    expect(await invoicesOf(sub.id)).toHaveLength(1);
    expect(await eventTypes(sub.id)).toContain('customer.subscription.paused');

    // Resuming refuses a subscription that is not paused, then, with a card, starts a paid period now.
    const other = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], trial_period_days: 30 });
    await expectStripeError(r.stripe.subscriptions.resume(other.id), { status: 400 });
    const pm = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
    const resumed = await r.stripe.subscriptions.resume(sub.id, { billing_cycle_anchor: { type: 'now' }, expand: ['latest_invoice'] });
    expect(resumed.status).toBe('active');
    expect(resumed.billing_cycle_anchor).toBe(JAN_1 + 10 * DAY);
    expect(resumed.items.data[0].current_period_start).toBe(JAN_1 + 10 * DAY);
    const invoice = resumed.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({ status: 'paid', total: 1000, amount_paid: 1000 }); // a full month from the resumption
    expect(await invoicesOf(sub.id)).toHaveLength(2);
    expect(await eventTypes(sub.id)).toContain('customer.subscription.resumed');
  });

  it('cancels at trial end with missing_payment_method=cancel', async () => {
    const { clock, customer } = await bare();
    const p = await price(1000);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      trial_period_days: 3,
      trial_settings: { end_behavior: { missing_payment_method: 'cancel' } },
    });
    await advance(clock.id, JAN_1 + 10 * DAY);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
  });
});

describe('cycles, trials and pauses by update', () => {
  it('billing_cycle_anchor=now resets the cycle and invoices at once', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    await advance(clock.id, utc(2026, 1, 16));
    const reset = await r.stripe.subscriptions.update(sub.id, { billing_cycle_anchor: 'now', expand: ['latest_invoice'] } as any);
    expect(reset.billing_cycle_anchor).toBe(utc(2026, 1, 16));
    expect(reset.items.data[0].current_period_start).toBe(utc(2026, 1, 16));
    expect(reset.items.data[0].current_period_end).toBe(utc(2026, 2, 16));
    const inv = reset.latest_invoice as Stripe.Invoice;
    // 3,100 for [Jan 16, Feb 16) − 3,100 × 16/31 unused = 3,100 − 1,600
    expect([inv.total, inv.status]).toEqual([1500, 'paid']);
    await advance(clock.id, utc(2026, 2, 16) + 7200);
    expect((await invoicesOf(sub.id)).map((i) => i.total)).toEqual([3100, 1500, 3100]);
  });

  it('trial_end=now ends a trial and bills; a future trial_end extends it', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], trial_period_days: 30 });
    const longer = await r.stripe.subscriptions.update(sub.id, { trial_end: JAN_1 + 40 * DAY });
    expect([longer.status, longer.trial_end, longer.items.data[0].current_period_end]).toEqual(['trialing', JAN_1 + 40 * DAY, JAN_1 + 40 * DAY]);
    await advance(clock.id, JAN_1 + 5 * DAY);
    const ended = await r.stripe.subscriptions.update(sub.id, { trial_end: 'now', expand: ['latest_invoice'] });
    expect(ended.status).toBe('active');
    expect(ended.trial_end).toBe(JAN_1 + 5 * DAY);
    expect((ended.latest_invoice as Stripe.Invoice).total).toBe(2000);
    expect(ended.items.data[0].current_period_end).toBe(utc(2026, 2, 6));
  });

  it('pause_collection keep_as_draft leaves renewals as drafts until resumed', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(1000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    const paused = await r.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'keep_as_draft', resumes_at: utc(2026, 2, 15) } });
    expect(paused.pause_collection).toEqual({ behavior: 'keep_as_draft', resumes_at: utc(2026, 2, 15) });
    await advance(clock.id, utc(2026, 2, 10));
    let invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.status, i.auto_advance])).toEqual([
      ['paid', true],
      ['draft', false],
    ]);
    await advance(clock.id, utc(2026, 3, 1) + 7200);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).pause_collection).toBeNull();
    invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'draft', 'paid']);
  });

  it('pause_collection void voids renewals; an empty value resumes', async () => {
    const { clock, customer } = await clockedCustomer();
    const p = await price(1000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }] });
    await r.stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void' } });
    await advance(clock.id, utc(2026, 2, 2));
    expect((await invoicesOf(sub.id)).map((i) => i.status)).toEqual(['paid', 'void']);
    const resumed = await r.stripe.subscriptions.update(sub.id, { pause_collection: '' });
    expect(resumed.pause_collection).toBeNull();
  });

  it('replaces discounts, payment method, tax rates and collection method', async () => {
    const { customer } = await clockedCustomer();
    const p = await price(1000);
    const coupon = await r.stripe.coupons.create({ percent_off: 50, duration: 'forever' });
    const tax = await r.stripe.taxRates.create({ display_name: 'GST', percentage: 5, inclusive: false });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], discounts: [{ coupon: coupon.id }] });
    const u = await r.stripe.subscriptions.update(sub.id, {
      discounts: '',
      default_tax_rates: [tax.id],
      collection_method: 'send_invoice',
      days_until_due: 7,
      default_payment_method: 'pm_card_mastercard',
      description: 'changed',
    });
    expect(u.discounts).toEqual([]);
    expect(u.default_tax_rates!.map((t) => t.id)).toEqual([tax.id]);
    expect([u.collection_method, u.days_until_due, u.description]).toEqual(['send_invoice', 7, 'changed']);
    expect(u.default_payment_method).toMatch(/^pm_/);
    const events = await r.db.query(
      `SELECT data FROM events WHERE type = 'customer.subscription.updated' AND data->'data'->'object'->>'id' = $1 ORDER BY seq DESC LIMIT 1`,
      [sub.id],
    );
    expect(Object.keys(events[0].data.data.previous_attributes).sort()).toEqual(
      ['collection_method', 'days_until_due', 'default_payment_method', 'default_tax_rates', 'description', 'discounts'].sort(),
    );
  });
});

describe('lists, search and bad input', () => {
  it('lists with filters and searches by status and metadata', async () => {
    const { customer } = await clockedCustomer();
    const a = await price(1000);
    const b = await price(2000);
    const s1 = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: a.id }], metadata: { tier: 'gold' } });
    const s2 = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: b.id }], trial_period_days: 5 });
    const s3 = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: a.id }],
      collection_method: 'send_invoice',
      days_until_due: 3,
    });
    await r.stripe.subscriptions.cancel(s3.id);
    const ids = async (params: Stripe.SubscriptionListParams) => (await r.stripe.subscriptions.list({ customer: customer.id, ...params })).data.map((s) => s.id);
    expect(await ids({})).toEqual([s2.id, s1.id]);
    expect(await ids({ status: 'all' })).toEqual([s3.id, s2.id, s1.id]);
    expect(await ids({ status: 'ended' })).toEqual([s3.id]);
    expect(await ids({ status: 'trialing' })).toEqual([s2.id]);
    expect(await ids({ price: a.id, status: 'all' })).toEqual([s3.id, s1.id]);
    expect(await ids({ collection_method: 'send_invoice', status: 'all' })).toEqual([s3.id]);
    expect(await ids({ current_period_end: { gte: utc(2026, 2, 1) } })).toEqual([s1.id]);
    expect(await ids({ current_period_end: { lt: utc(2026, 2, 1) } })).toEqual([s2.id]);
    expect(await ids({ limit: 1 })).toEqual([s2.id]);
    const page2 = await r.stripe.subscriptions.list({ customer: customer.id, limit: 1, starting_after: s2.id });
    expect(page2.data.map((s) => s.id)).toEqual([s1.id]);

    const found = await r.stripe.subscriptions.search({ query: `metadata['tier']:'gold'` });
    expect(found.data.map((s) => s.id)).toEqual([s1.id]);
    const trialing = await r.stripe.subscriptions.search({ query: `status:'trialing' AND created>=${JAN_1}` });
    expect(trialing.data.map((s) => s.id)).toContain(s2.id);
    await expectStripeError(r.stripe.subscriptions.search({ query: 'nonsense:1' }), { status: 400, param: 'query' });
    await expectStripeError(r.stripe.subscriptions.list({ status: 'sleeping' as any }), { status: 400, param: 'status' });
  });

  it('names the bad param', async () => {
    const { customer } = await clockedCustomer();
    const p = await price(1000);
    const yearly = await price(10000, { recurring: { interval: 'year' } });
    const eur = await price(1000, { currency: 'eur' });
    const oneTime = await r.stripe.prices.create({ currency: 'usd', unit_amount: 100, product_data: { name: 'Once' } });
    const create = (params: Partial<Stripe.SubscriptionCreateParams>) =>
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], ...params } as Stripe.SubscriptionCreateParams);
    await expectStripeError(r.stripe.subscriptions.create({ items: [{ price: p.id }] }), { status: 400, param: 'customer', code: 'parameter_missing' });
    await expectStripeError(create({ customer: 'cus_nope' }), { status: 400, param: 'customer', code: 'resource_missing' });
    await expectStripeError(create({ items: [] }), { status: 400, param: 'items' });
    await expectStripeError(create({ items: [{ price: 'price_nope' }] }), { status: 400, param: 'items[0][price]', code: 'resource_missing' });
    await expectStripeError(create({ items: [{ price: oneTime.id }] }), { status: 400, param: 'items[0][price]' });
    // Mixed intervals need flexible billing mode (the default); classic refuses them.
    await expectStripeError(create({ items: [{ price: p.id }, { price: yearly.id }], billing_mode: { type: 'classic' } }), { status: 400, param: 'items[1][price]' });
    await expectStripeError(create({ items: [{ price: p.id }, { price: eur.id }] }), { status: 400, param: 'items[1][price]' });
    await expectStripeError(create({ items: [{ price: p.id }, { price: p.id }] }), { status: 400, param: 'items[1][price]' });
    await expectStripeError(create({ items: [{ price: p.id, quantity: -1 }] }), { status: 400, param: 'items[0][quantity]' });
    await expectStripeError(create({ trial_end: JAN_1 - 10 }), { status: 400, param: 'trial_end' });
    await expectStripeError(create({ payment_behavior: 'maybe' as any }), { status: 400, param: 'payment_behavior' });
    await expectStripeError(create({ default_payment_method: 'pm_nope' }), { status: 400, param: 'default_payment_method' });
    await expectStripeError(create({ billing_cycle_anchor_config: { day_of_month: 32 } }), { status: 400, param: 'billing_cycle_anchor_config[day_of_month]' });
    await expectStripeError(create({ bogus: 1 } as any), { status: 400, param: 'bogus', code: 'parameter_unknown' });
    await expectStripeError(
      create({ items: [{ price_data: { currency: 'usd', product: 'prod_nope', recurring: { interval: 'month' }, unit_amount: 5 } }] }),
      { status: 400, param: 'items[0][price_data][product]' },
    );
    const inline = await create({
      items: [{ price_data: { currency: 'usd', product: (await r.stripe.products.create({ name: 'Inline' })).id, recurring: { interval: 'month' }, unit_amount: 777 } }],
      expand: ['latest_invoice'],
    });
    expect((inline.latest_invoice as Stripe.Invoice).total).toBe(777);
    expect(inline.items.data[0].price.active).toBe(false);
    await expectStripeError(r.stripe.subscriptions.retrieve('sub_nope'), { status: 404, param: 'id', code: 'resource_missing' });
    const sub = await create({});
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { items: [{ id: 'si_nope', quantity: 2 }] }), { status: 400, param: 'items[0][id]' });
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { proration_behavior: 'sometimes' as any }), { status: 400, param: 'proration_behavior' });
    await expectStripeError(r.stripe.subscriptions.update(sub.id, { cancel_at: JAN_1 - 1 }), { status: 400, param: 'cancel_at' });
  });
});

describe('the engine entry point', () => {
  it('bills metered usage in arrears and is safe to run twice', async () => {
    const { clock, customer } = await clockedCustomer();
    const seat = await price(1000);
    const meter = await r.stripe.billing.meters.create({ display_name: 'Calls', event_name: 'engine_calls', default_aggregation: { formula: 'sum' } });
    const calls = await price(5, { recurring: { interval: 'month', usage_type: 'metered', meter: meter.id } });
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: seat.id }, { price: calls.id }],
      expand: ['latest_invoice.payments'],
    });
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first.total).toBe(1000);
    expect(first.payments!.data).toHaveLength(1);
    const metered = sub.items.data.find((i) => i.price.id === calls.id)!;
    expect(metered.quantity).toBeUndefined();
    await advance(clock.id, JAN_1 + 15 * 86400);
    await r.stripe.billing.meterEvents.create({ event_name: 'engine_calls', payload: { stripe_customer_id: customer.id, value: '120' } });
    await advance(clock.id, utc(2026, 2, 1) + 7200);
    const invoices = await invoicesOf(sub.id);
    // 1,000 for February in advance + 120 calls × 5 for January in arrears
    expect(invoices.map((i) => i.total)).toEqual([1000, 1600]);
    const lines = await linesOf(invoices[1].id);
    expect(lines.map((l) => [l.amount, l.quantity, l.period.start])).toEqual([
      [1000, 1, utc(2026, 2, 1)],
      [600, 120, JAN_1],
    ]);

    // The engine may run a subscription again at the same instant: nothing more happens.
    const atFeb1 = (tx: Db) => ({ ...r.context(tx), clock: new FixedClock(utc(2026, 2, 1)) });
    await r.db.transaction((tx) => processSubscriptionDue(atFeb1(tx), sub.id));
    expect(await invoicesOf(sub.id)).toHaveLength(2);
    const row = await r.db.query('SELECT next_action_at FROM subscriptions WHERE id = $1', [sub.id]);
    expect(Number(row[0].next_action_at)).toBe(utc(2026, 3, 1));
    // Even from a stale copy of the subscription (as if its save were lost), February is billed once.
    const stale = { ...sub, latest_invoice: first.id };
    await r.db.query('UPDATE subscriptions SET data = $2, next_action_at = $3 WHERE id = $1', [sub.id, JSON.stringify(stale), utc(2026, 2, 1)]);
    await r.db.transaction((tx) => processSubscriptionDue(atFeb1(tx), sub.id));
    expect(await invoicesOf(sub.id)).toHaveLength(2);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).items.data[0].current_period_end).toBe(utc(2026, 3, 1));
  });
});

describe('start dates', () => {
  it('backdates the start: the first invoice bills every period since', async () => {
    const { customer } = await clockedCustomer(utc(2026, 1, 10));
    const p = await price(1000);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      backdate_start_date: utc(2025, 12, 1),
      expand: ['latest_invoice'],
    });
    expect(sub.start_date).toBe(utc(2025, 12, 1));
    expect(sub.billing_cycle_anchor).toBe(utc(2025, 12, 1));
    expect([sub.items.data[0].current_period_start, sub.items.data[0].current_period_end]).toEqual([utc(2026, 1, 1), utc(2026, 2, 1)]);
    // December and January in full
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(2000);
    await expectStripeError(
      r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: p.id }], backdate_start_date: utc(2026, 3, 1) }),
      { status: 400, param: 'backdate_start_date' },
    );
  });

  it('charges nothing up to the anchor with proration_behavior=none', async () => {
    const { customer } = await clockedCustomer(utc(2026, 1, 10));
    const p = await price(3100);
    const sub = await r.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: p.id }],
      billing_cycle_anchor: utc(2026, 2, 1),
      proration_behavior: 'none',
      expand: ['latest_invoice'],
    });
    expect((sub.latest_invoice as Stripe.Invoice).total).toBe(0);
    expect(sub.status).toBe('active');
  });
});
