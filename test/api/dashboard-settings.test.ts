// The email log, email switches and payment retry pages' requests, as the dashboard sends them
// (JSON with the session cookie), and a viewer refused on each write.
import { beforeAll, describe, expect, it } from 'vitest';
import { recurForFile } from '../support/recur.ts';
import { ownerOf, staffWithRole, type StaffClient } from '../support/staff.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';

const r = recurForFile();
let staff: StaffClient;
beforeAll(async () => {
  staff = await ownerOf(r);
});

describe('settings pages from the dashboard', () => {
  it('pages the email log by message and status, newest first', async () => {
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2500, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    for (const name of ['Ada', 'Grace', 'Edsger']) {
      const c = await r.stripe.customers.create({ name, email: `${name.toLowerCase()}@example.com`, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
      await r.stripe.subscriptions.create({ customer: c.id, items: [{ price: price.id }] });
    }
    await runOutboxes(r.recur.engine, r.clock);
    const first = await staff.fetch('/v1/recur/emails?limit=2&message=receipt&status=recorded');
    expect(first.status).toBe(200);
    expect(first.body.data.map((e: any) => e.to)).toEqual(['edsger@example.com', 'grace@example.com']);
    expect(first.body.has_more).toBe(true);
    const next = await staff.fetch(`/v1/recur/emails?limit=2&message=receipt&status=recorded&starting_after=${first.body.data[1].id}`);
    expect(next.body.data.map((e: any) => e.to)).toEqual(['ada@example.com']);
    expect(next.body.data[0].subject).toMatch(/receipt/i);
    expect((await staff.fetch('/v1/recur/emails?status=failed')).body.data).toEqual([]);
  });

  it('turns one message off and saves the signature and owner address; a bad address is named', async () => {
    const off = await staff.fetch('/v1/recur/settings/emails', { method: 'POST', json: { messages: { receipt: false } } });
    expect(off.status).toBe(200);
    expect(off.body.messages).toMatchObject({ receipt: false, payment_failed: true });
    const names = await staff.fetch('/v1/recur/settings/emails', { method: 'POST', json: { account_name: 'Clinic Co', owner_email: 'owner@clinic.example' } });
    expect(names.body).toMatchObject({ account_name: 'Clinic Co', owner_email: 'owner@clinic.example' });
    const bad = await staff.fetch('/v1/recur/settings/emails', { method: 'POST', json: { account_name: 'Clinic Co', owner_email: 'not an address' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('owner_email');
    expect((await staff.fetch('/v1/recur/settings/emails')).body.owner_email).toBe('owner@clinic.example');
  });

  it('saves the retry schedule as typed (strings), or none, and names the day at fault', async () => {
    const saved = await staff.fetch('/v1/recur/settings/billing', {
      method: 'POST',
      json: { retry_schedule: ['2', '5', '9'], subscription_action: 'unpaid', invoice_action: 'mark_uncollectible', send_invoice_overdue_days: 14 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ retry_schedule: [2, 5, 9], subscription_action: 'unpaid', invoice_action: 'mark_uncollectible', send_invoice_overdue_days: 14, updated: r.clock.now() });
    const none = await staff.fetch('/v1/recur/settings/billing', { method: 'POST', json: { retry_schedule: '' } });
    expect(none.body.retry_schedule).toEqual([]);
    const bad = await staff.fetch('/v1/recur/settings/billing', { method: 'POST', json: { retry_schedule: ['3', '2'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('retry_schedule[1]');
    expect((await staff.fetch('/v1/recur/settings/billing')).body.retry_schedule).toEqual([]);
  });

  it('refuses a viewer every settings write', async () => {
    const viewer = await staffWithRole(r, 'viewer', 'settings-viewer@example.com');
    expect((await viewer.fetch('/v1/recur/emails')).status).toBe(200);
    for (const [path, json] of [
      ['/v1/recur/settings/emails', { messages: { receipt: true } }],
      ['/v1/recur/settings/billing', { retry_schedule: ['1'] }],
    ] as const) {
      const res = await viewer.fetch(path, { method: 'POST', json });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('permission_denied');
    }
    expect((await staff.fetch('/v1/recur/settings/emails')).body.messages.receipt).toBe(false);
  });
});
