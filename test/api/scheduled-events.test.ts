// Scheduled events on a test clock: customer.subscription.trial_will_end 3 days before the trial
// ends, and invoice.upcoming 7 days before each renewal (the trial end's invoice, then every
// period's), each once, at the instant it falls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';
import { runEmailOutbox } from '../../src/services/emails/email-outbox.ts';

const DAY = 86_400;
const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const at = (iso: string) => Date.parse(iso) / 1000;

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ now: JAN_1 });
});
afterAll(() => r.close());

describe('scheduled events on a test clock', () => {
  it('records trial_will_end 3 days before the trial ends and invoice.upcoming 7 days before each renewal', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const product = await r.stripe.products.create({ name: 'Hot desk' });
    const price = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' } });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }], trial_period_days: 14 });
    expect(sub.trial_end).toBe(at('2026-01-15T00:00:00Z'));

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at('2026-02-20T00:00:00Z') });
    for (let i = 0; i < 100 && (await r.stripe.testHelpers.testClocks.retrieve(clock.id)).status !== 'ready'; i++) await new Promise((ok) => setTimeout(ok, 100));

    const events = (await r.stripe.events.list({ types: ['invoice.upcoming', 'customer.subscription.trial_will_end'], limit: 100 })).data.reverse();
    const mine = events.filter((e) => ((e.data.object as any).subscription ?? (e.data.object as any).parent?.subscription_details?.subscription ?? (e.data.object as any).id) === sub.id);
    expect(mine.map((e) => [e.type, new Date(e.created * 1000).toISOString()])).toEqual([
      ['invoice.upcoming', '2026-01-08T00:00:00.000Z'], // the trial end's invoice, 7 days ahead
      ['customer.subscription.trial_will_end', '2026-01-12T00:00:00.000Z'], // 3 days before Jan 15
      ['invoice.upcoming', '2026-02-08T00:00:00.000Z'], // the Feb 15 renewal
    ]);
    const [firstUpcoming, trialWillEnd, secondUpcoming] = mine;
    expect((trialWillEnd.data.object as Stripe.Subscription).trial_end).toBe(at('2026-01-15T00:00:00Z'));
    expect(trialWillEnd.request).toEqual({ id: null, idempotency_key: null });
    for (const e of [firstUpcoming, secondUpcoming]) {
      const invoice = e.data.object as Stripe.Invoice;
      expect(invoice.object).toBe('invoice');
      expect(invoice.customer).toBe(customer.id);
      expect(invoice.amount_due).toBe(5000); // 2 × 2,500
    }
    // The renewal on Feb 15 bills Feb 15 – Mar 15 in advance.
    expect((secondUpcoming.data.object as Stripe.Invoice).lines.data[0].period).toEqual({ start: at('2026-02-15T00:00:00Z'), end: at('2026-03-15T00:00:00Z') });

    // Advancing again announces nothing twice; the March renewal's notice comes on Mar 8.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: at('2026-03-09T00:00:00Z') });
    for (let i = 0; i < 100 && (await r.stripe.testHelpers.testClocks.retrieve(clock.id)).status !== 'ready'; i++) await new Promise((ok) => setTimeout(ok, 100));
    const later = (await r.stripe.events.list({ types: ['invoice.upcoming', 'customer.subscription.trial_will_end'], limit: 100 })).data;
    expect(later.length).toBe(events.length + 1);
    expect(new Date(later[0].created * 1000).toISOString()).toBe('2026-03-08T00:00:00.000Z');

    await runEmailOutbox(r.context());
    const emails = await r.fetch(`/v1/recur/emails?message=trial_will_end&customer=${customer.id}`);
    expect(emails.body.data.map((m: any) => m.to)).toEqual(['story@example.com']);
  });

  it('announces at once what falls before the subscription existed, and nothing for one that ends first', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const product = await r.stripe.products.create({ name: 'Locker' });
    const price = await r.stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 900, recurring: { interval: 'week' } });
    const weekly = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const ending = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], cancel_at_period_end: true });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 3 * DAY });
    for (let i = 0; i < 100 && (await r.stripe.testHelpers.testClocks.retrieve(clock.id)).status !== 'ready'; i++) await new Promise((ok) => setTimeout(ok, 100));
    const upcoming = (await r.stripe.events.list({ type: 'invoice.upcoming', limit: 100 })).data.filter(
      (e) => (e.data.object as Stripe.Invoice).customer === customer.id,
    );
    // A weekly renewal is less than 7 days away at creation: announced at creation time.
    expect(upcoming.map((e) => [(e.data.object as any).parent?.subscription_details?.subscription, e.created])).toEqual([[weekly.id, JAN_1]]);
    expect(upcoming.some((e) => (e.data.object as any).parent?.subscription_details?.subscription === ending.id)).toBe(false);
  });
});
