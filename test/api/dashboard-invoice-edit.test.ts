// The invoice draft's line editor and the subscription page's pause and resume, as the dashboard
// sends them (JSON with the session cookie): totals follow the edit; bad fields are named.
import { beforeAll, describe, expect, it } from 'vitest';
import { recurForFile } from '../support/recur.ts';
import { ownerOf, type StaffClient } from '../support/staff.ts';

const r = recurForFile();
let staff: StaffClient;
beforeAll(async () => {
  staff = await ownerOf(r);
});

describe('editing a draft and pausing a subscription from the dashboard', () => {
  it("edits an item's description, unit amount and quantity; the draft's total follows", async () => {
    const c = await r.stripe.customers.create({ name: 'Ada', email: 'ada@example.com' });
    const draft = await r.stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 30 });
    const item = await r.stripe.invoiceItems.create({ customer: c.id, invoice: draft.id, amount: 1000, currency: 'usd', description: 'Setup' });
    const edited = await staff.fetch(`/v1/invoiceitems/${item.id}`, {
      method: 'POST',
      json: { description: 'Onboarding call', unit_amount_decimal: '2500', quantity: '3' },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ description: 'Onboarding call', quantity: 3, amount: 7500 });
    const invoice = await r.stripe.invoices.retrieve(draft.id);
    expect(invoice.total).toBe(7500);
    expect(invoice.lines.data.map((l) => [l.description, l.amount])).toEqual([['Onboarding call', 7500]]);
  });

  it('names the field at fault and changes nothing', async () => {
    const c = await r.stripe.customers.create({ name: 'Grace' });
    const draft = await r.stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 30 });
    const item = await r.stripe.invoiceItems.create({ customer: c.id, invoice: draft.id, amount: 1000, currency: 'usd', description: 'Setup' });
    for (const [json, param] of [
      [{ description: 'x', unit_amount_decimal: '12.x', quantity: '1' }, 'unit_amount_decimal'],
      [{ description: 'x', unit_amount_decimal: '100', quantity: '-1' }, 'quantity'],
      [{ description: 'x', unit_amount_decimal: '100', quantity: 'two' }, 'quantity'],
    ] as const) {
      const res = await staff.fetch(`/v1/invoiceitems/${item.id}`, { method: 'POST', json });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ type: 'invalid_request_error', param });
    }
    expect((await r.stripe.invoices.retrieve(draft.id)).total).toBe(1000);
    const finalized = await r.stripe.invoices.finalizeInvoice(draft.id);
    const late = await staff.fetch(`/v1/invoiceitems/${item.id}`, { method: 'POST', json: { description: 'too late' } });
    expect(late.status).toBe(400);
    expect(finalized.status).toBe('open');
  });

  it('creates a backdated subscription, pauses its collection and resumes it', async () => {
    const c = await r.stripe.customers.create({ name: 'Edsger', payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 3000, recurring: { interval: 'month' }, product_data: { name: 'Plan' } });
    const start = r.clock.now() - 10 * 86400;
    const made = await staff.fetch('/v1/subscriptions', {
      method: 'POST',
      json: { customer: c.id, items: [{ price: price.id, quantity: 1 }], backdate_start_date: start, billing_cycle_anchor: r.clock.now() + 5 * 86400 },
    });
    expect(made.status).toBe(200);
    expect(made.body.start_date).toBe(start);
    expect(made.body.billing_cycle_anchor).toBe(r.clock.now() + 5 * 86400);
    const paused = await staff.fetch(`/v1/subscriptions/${made.body.id}`, { method: 'POST', json: { pause_collection: { behavior: 'void' } } });
    expect(paused.body.pause_collection).toMatchObject({ behavior: 'void' });
    const resumed = await staff.fetch(`/v1/subscriptions/${made.body.id}`, { method: 'POST', json: { pause_collection: '' } });
    expect(resumed.body.pause_collection).toBeNull();
    const bad = await staff.fetch(`/v1/subscriptions/${made.body.id}`, { method: 'POST', json: { pause_collection: { behavior: 'sometimes' } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toMatch(/^pause_collection/);
  });
});
