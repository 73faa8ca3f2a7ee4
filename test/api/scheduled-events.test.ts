// Scheduled events on test clocks: customer.subscription.trial_will_end three days before a trial
// ends, and invoice.upcoming some days (billing settings, 7 by default) before a renewal charged
// automatically, each once, at its instant, and only while what it announces still holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecur, type TestRecur } from '../support/recur.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';
import { DAY, FEB_1, JAN_1, MAR_1 } from '../support/subscription-fixtures.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const monthly = (amount: number) => monthlyPlan(r.stripe, amount);
const advance = (clock: string, to: number) => r.stripe.testHelpers.testClocks.advance(clock, { frozen_time: to });

async function eventsOf(type: string, objectOrCustomer: string) {
  const rows = await r.db.query('SELECT created, data FROM events WHERE type = $1 AND (object_id = $2 OR customer_id = $2) ORDER BY seq', [type, objectOrCustomer]);
  return rows.map((row) => ({ created: Number(row.created), event: typeof row.data === 'string' ? JSON.parse(row.data) : row.data }));
}

describe('customer.subscription.trial_will_end', () => {
  it('is recorded three days before the trial ends, once, and the trial-ending email follows', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const plan = await monthly(2500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }], trial_period_days: 14 });
    const trialEnd = JAN_1 + 14 * DAY;
    await advance(clock.id, trialEnd - 3 * DAY - 60);
    expect(await eventsOf('customer.subscription.trial_will_end', sub.id)).toEqual([]);
    await advance(clock.id, trialEnd - DAY);
    const [notice, ...more] = await eventsOf('customer.subscription.trial_will_end', sub.id);
    expect(more).toEqual([]);
    expect(notice.created).toBe(trialEnd - 3 * DAY);
    expect(notice.event.data.object).toMatchObject({ id: sub.id, status: 'trialing', trial_end: trialEnd });
    await runOutboxes(r.recur.engine, r.clock);
    const emails = (await r.fetch(`/v1/recur/emails?${new URLSearchParams({ customer: customer.id })}`)).body.data as any[];
    expect(emails.filter((e) => e.message === 'trial_will_end').map((e) => e.to)).toEqual([customer.email]);
    await advance(clock.id, trialEnd + DAY);
    expect(await eventsOf('customer.subscription.trial_will_end', sub.id)).toHaveLength(1);
  });

  it('is not recorded for a trial ended before its notice was due', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const plan = await monthly(2500);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }], trial_period_days: 14 });
    await r.stripe.subscriptions.update(sub.id, { trial_end: 'now' });
    await advance(clock.id, JAN_1 + 20 * DAY);
    expect(await eventsOf('customer.subscription.trial_will_end', sub.id)).toEqual([]);
  });
});

describe('invoice.upcoming', () => {
  it('previews the renewal seven days before it, with its amounts; a cancellation at period end stops it', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const plan = await monthly(4200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id, quantity: 2 }] });
    await advance(clock.id, FEB_1 - 7 * DAY - 60);
    expect(await eventsOf('invoice.upcoming', customer.id)).toEqual([]);
    await advance(clock.id, FEB_1 - DAY);
    const [upcoming, ...more] = await eventsOf('invoice.upcoming', customer.id);
    expect(more).toEqual([]);
    expect(upcoming.created).toBe(FEB_1 - 7 * DAY);
    const invoice = upcoming.event.data.object;
    expect(invoice).toMatchObject({ object: 'invoice', customer: customer.id, total: 8400, amount_due: 8400 });
    expect(invoice.parent.subscription_details.subscription).toBe(sub.id);
    expect(invoice.lines.data.map((l: any) => [l.amount, l.period.start])).toEqual([[8400, FEB_1]]);

    await r.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advance(clock.id, MAR_1 - DAY);
    expect(await eventsOf('invoice.upcoming', customer.id)).toHaveLength(1);
  });

  it('follows the upcoming_invoice_days setting, and 0 turns it off', async () => {
    const set = (days: number) =>
      r.fetch('/v1/recur/settings/billing', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upcoming_invoice_days: days }) });
    expect((await set(3)).body.upcoming_invoice_days).toBe(3);
    try {
      const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
      const plan = await monthly(1000);
      await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }] });
      await advance(clock.id, FEB_1 - 4 * DAY);
      expect(await eventsOf('invoice.upcoming', customer.id)).toEqual([]);
      await advance(clock.id, FEB_1 - DAY);
      expect((await eventsOf('invoice.upcoming', customer.id)).map((e) => e.created)).toEqual([FEB_1 - 3 * DAY]);
      await set(0);
      await advance(clock.id, MAR_1 - 60);
      expect(await eventsOf('invoice.upcoming', customer.id)).toHaveLength(1);
      expect((await set(61)).status).toBe(400);
    } finally {
      await set(7);
    }
  });
});
