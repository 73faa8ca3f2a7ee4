// Uncaptured authorizations expire: 7 days after a manual-capture intent is authorized the engine
// cancels it (cancellation_reason 'automatic'), releases the hold at the gateway and records
// payment_intent.canceled — run here on a test clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { createTestCardProcessor } from '../../src/payments/test-card-processor.ts';

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z
const DAY = 86_400;

const processor = createTestCardProcessor();
const released: string[] = [];
const gateway = {
  ...processor,
  charge: processor.charge.bind(processor),
  authorize: processor.authorize!.bind(processor),
  capture: processor.capture!.bind(processor),
  async cancel(req: Parameters<NonNullable<typeof processor.cancel>>[0]) {
    released.push(req.chargeKey);
    return processor.cancel!(req);
  },
};

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ compose: { gateway } });
});
afterAll(() => r.close());

const eventsOf = async (customerId: string) =>
  (await r.db.query(`SELECT type, created FROM events WHERE customer_id = $1 AND type LIKE 'payment_intent.%' ORDER BY seq`, [customerId])).map((e) => [e.type, Number(e.created)]);

describe('authorization expiry', () => {
  it('an authorization not captured within 7 days is canceled automatically and released', async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    const customer = await r.stripe.customers.create({ email: 'hold@example.com', test_clock: clock.id });
    const held = await r.stripe.paymentIntents.create({ amount: 5000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true });
    const captured = await r.stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true });
    expect([held.status, held.created]).toEqual(['requires_capture', JAN_1]);
    await r.stripe.paymentIntents.capture(captured.id);

    // Six days on the hold stands and can still be captured.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 6 * DAY });
    expect((await r.stripe.paymentIntents.retrieve(held.id)).status).toBe('requires_capture');
    expect(released).toHaveLength(0);

    // Past the seventh day it is gone: canceled at JAN_1 + 7 days, the whole hold given back.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 8 * DAY });
    const expired = await r.stripe.paymentIntents.retrieve(held.id);
    expect(expired).toMatchObject({ status: 'canceled', cancellation_reason: 'automatic', canceled_at: JAN_1 + 7 * DAY, amount_capturable: 0, amount_received: 0 });
    const charge = await r.stripe.charges.retrieve(held.latest_charge as string);
    expect([charge.captured, charge.refunded, charge.amount_refunded]).toEqual([false, true, 5000]);
    expect(released).toHaveLength(1);
    // The captured intent is untouched.
    expect((await r.stripe.paymentIntents.retrieve(captured.id)).status).toBe('succeeded');
    await expectStripeError(r.stripe.paymentIntents.capture(held.id), { status: 400 });
    const events = await eventsOf(customer.id);
    expect(events.filter(([t]) => t === 'payment_intent.canceled')).toEqual([['payment_intent.canceled', JAN_1 + 7 * DAY]]);

    // A later advance does nothing more.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 9 * DAY });
    expect(released).toHaveLength(1);
  });
});
