import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

const JAN_1 = 1_767_225_600; // 2026-01-01T00:00:00Z

describe('test clocks', () => {
  it('creates, retrieves, lists, advances and deletes', async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1, name: 'story' });
    expect(clock.id).toMatch(/^clock_/);
    expect(clock.status).toBe('ready');
    expect(clock.frozen_time).toBe(JAN_1);

    const customer = await r.stripe.customers.create({ email: 'clock@example.com', test_clock: clock.id });
    expect(customer.test_clock).toBe(clock.id);
    expect(customer.created).toBe(JAN_1);

    const advanced = await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 86400 * 400 });
    expect(advanced.status).toBe('ready');
    expect(advanced.frozen_time).toBe(JAN_1 + 86400 * 400);
    const again = await r.stripe.testHelpers.testClocks.retrieve(clock.id);
    expect(again.frozen_time).toBe(JAN_1 + 86400 * 400);

    const list = await r.stripe.testHelpers.testClocks.list({ limit: 10 });
    expect(list.data.map((c) => c.id)).toContain(clock.id);

    const types = (await r.db.query(`SELECT type FROM events WHERE type LIKE 'test_helpers.%' ORDER BY seq`)).map((e) => e.type);
    expect(types).toEqual([
      'test_helpers.test_clock.created',
      'test_helpers.test_clock.advancing',
      'test_helpers.test_clock.ready',
    ]);

    const del = await r.stripe.testHelpers.testClocks.del(clock.id);
    expect(del).toMatchObject({ id: clock.id, deleted: true });
    const gone = await r.stripe.customers.retrieve(customer.id);
    expect(gone.deleted).toBe(true);
    await expectStripeError(r.stripe.testHelpers.testClocks.retrieve(clock.id), { status: 404, code: 'resource_missing' });
  });

  it('refuses to go backwards and rejects bad input', async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: JAN_1 });
    await expectStripeError(r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 - 1 }), { status: 400, param: 'frozen_time' });
    await expectStripeError(r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: 'soon' as any }), { status: 400, param: 'frozen_time' });
    await expectStripeError(r.stripe.testHelpers.testClocks.create({} as any), { status: 400, param: 'frozen_time', code: 'parameter_missing' });
    await expectStripeError(r.stripe.testHelpers.testClocks.advance('clock_nope', { frozen_time: JAN_1 + 10 }), { status: 404 });
    expect((await r.stripe.testHelpers.testClocks.retrieve(clock.id)).frozen_time).toBe(JAN_1);
  });
});
