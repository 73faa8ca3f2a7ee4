// Every invoice a subscription change or a request creates has a unique key in the database: an
// always_invoice change, a billing cycle anchor reset, a cancellation invoiced now and a manual
// invoice. A second attempt at the same invoice (a stale copy of the subscription replaying the
// change, an expired idempotency record) is refused by the unique index, never duplicated.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, JAN_1 } from '../support/calendar.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';

const r = recurForFile();

const customerOnClock = () => clockedCustomer(r.stripe, JAN_1);

const monthly = (amount: number) => monthlyPlan(r.stripe, amount);

async function keysOf(subscription: string): Promise<Array<{ key: string | null; reason: string }>> {
  const rows = await r.db.query(`SELECT billing_period_key AS key, data->>'billing_reason' AS reason FROM invoices WHERE subscription_id = $1 ORDER BY seq`, [subscription]);
  return rows.map((x) => ({ key: x.key as string | null, reason: x.reason as string }));
}

/** Puts back a stored copy of the subscription, as a stale writer would leave it. */
async function restore(sub: Stripe.Subscription) {
  await r.db.query('UPDATE subscriptions SET data = $2 WHERE id = $1', [sub.id, JSON.stringify(sub)]);
}

async function stored(id: string): Promise<Stripe.Subscription> {
  return (await r.db.query('SELECT data FROM subscriptions WHERE id = $1', [id]))[0].data as Stripe.Subscription;
}

describe('invoice keys', () => {
  it('always_invoice changes are keyed by instant and the invoice before them; a stale replay is refused', async () => {
    const { clock, customer } = await customerOnClock();
    const [basic, pro, max] = [await monthly(1000), await monthly(2000), await monthly(3000)];
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    const first = sub.latest_invoice as string;
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * DAY });
    const at = JAN_1 + 10 * DAY;
    const before = await stored(sub.id);
    const up = await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: pro.id }], proration_behavior: 'always_invoice' });
    // A second change at the same frozen instant is a different invoice: it follows the first one.
    await r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: max.id }], proration_behavior: 'always_invoice' });
    expect(await keysOf(sub.id)).toEqual([
      { key: String(JAN_1), reason: 'subscription_create' },
      { key: `proration:${at}:${first}`, reason: 'subscription_update' },
      { key: `proration:${at}:${up.latest_invoice}`, reason: 'subscription_update' },
    ]);
    // A stale copy replays the first change: same instant, same invoice before it → the unique key refuses it.
    await restore(before);
    await expectStripeError(
      r.stripe.subscriptions.update(sub.id, { items: [{ id: sub.items.data[0].id, price: pro.id }], proration_behavior: 'always_invoice' }),
      { status: 400, code: 'resource_invalid_state' },
    );
    expect((await keysOf(sub.id)).length).toBe(3);
  });

  it('an anchor reset is keyed; a cancellation invoiced now has the key "cancel"', async () => {
    const { clock, customer } = await customerOnClock();
    const plan = await monthly(3100);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: plan.id }] });
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 5 * DAY });
    await r.stripe.subscriptions.update(sub.id, { billing_cycle_anchor: 'now', proration_behavior: 'create_prorations' } as any);
    const afterReset = await stored(sub.id);
    await r.stripe.subscriptions.cancel(sub.id, { invoice_now: true, prorate: true });
    expect(await keysOf(sub.id)).toEqual([
      { key: String(JAN_1), reason: 'subscription_create' },
      { key: `anchor:${JAN_1 + 5 * DAY}:${sub.latest_invoice}`, reason: 'subscription_update' },
      { key: 'cancel', reason: 'subscription_update' },
    ]);
    // A stale copy cancelling again cannot make a second final invoice.
    await restore(afterReset);
    await expectStripeError(r.stripe.subscriptions.cancel(sub.id, { invoice_now: true }), { status: 400 });
    expect((await keysOf(sub.id)).length).toBe(3);
  });

  it('a manual invoice is keyed by its Idempotency-Key, even after the idempotency record is gone', async () => {
    const { customer } = await customerOnClock();
    const a = await r.stripe.invoices.create({ customer: customer.id }, { idempotencyKey: 'manual-key-1' });
    const rows = await r.db.query('SELECT billing_period_key AS key FROM invoices WHERE id = $1', [a.id]);
    expect(rows[0].key).toBe('manual:manual-key-1');
    await r.db.query('DELETE FROM idempotency_keys');
    await expectStripeError(r.stripe.invoices.create({ customer: customer.id }, { idempotencyKey: 'manual-key-1' }), {
      status: 400,
      code: 'resource_already_exists',
    });
    // Without a key every request is a new invoice.
    await r.stripe.invoices.create({ customer: customer.id });
    await r.stripe.invoices.create({ customer: customer.id });
    const all = await r.db.query('SELECT count(*)::int AS n FROM invoices WHERE customer_id = $1', [customer.id]);
    expect(all[0].n).toBe(3);
  });
});
