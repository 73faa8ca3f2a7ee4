// Recur's dashboard endpoints: lookups as staff type, the CSV export of exactly what is filtered,
// subscription templates (seed 000) with the first invoice left for review, and account settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { meterFor } from '../support/meters.ts';
import { ownerOf, type StaffClient } from '../support/staff.ts';

let r: TestRecur;
let owner: StaffClient;
beforeAll(async () => {
  r = await startRecur();
  owner = await ownerOf(r);
});
afterAll(() => r.close());

async function customerWithCard(name: string, email: string, metadata: Record<string, string> = {}) {
  const c = await r.stripe.customers.create({ name, email, metadata, payment_method: 'pm_card_visa' });
  const pm = (await r.stripe.paymentMethods.list({ customer: c.id, type: 'card' })).data[0];
  return r.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
}

const monthly = (amount: number, nickname: string) =>
  r.stripe.prices.create({ currency: 'usd', unit_amount: amount, nickname, recurring: { interval: 'month' }, product_data: { name: nickname } });

describe('lookups and the CSV export', () => {
  it('finds customers by part of a name, email, phone, id or metadata value, newest first, paged', async () => {
    const ada = await r.stripe.customers.create({ name: 'Ada Lovelace', email: 'ada@analytical.example', phone: '+44 20 7946 0001', metadata: { funder: 'NHS-North' } });
    const bob = await r.stripe.customers.create({ name: 'Bob Babbage', email: 'bob@engines.example' });
    const find = async (query: string) => (await owner.fetch(`/v1/recur/customers/lookup?query=${encodeURIComponent(query)}`)).body;
    expect((await find('lovel')).data.map((c: any) => c.id)).toEqual([ada.id]);
    expect((await find('ENGINES.EX')).data.map((c: any) => c.id)).toEqual([bob.id]);
    expect((await find('7946')).data.map((c: any) => c.id)).toEqual([ada.id]);
    expect((await find('nhs-north')).data.map((c: any) => c.id)).toEqual([ada.id]);
    expect((await find(bob.id)).data.map((c: any) => c.id)).toEqual([bob.id]);
    expect((await find('%')).data).toEqual([]);
    const page1 = (await owner.fetch('/v1/recur/customers/lookup?query=example&limit=1')).body;
    expect(page1).toMatchObject({ total_count: 2, has_more: true });
    expect(page1.data[0].id).toBe(bob.id);
    const page2 = (await owner.fetch(`/v1/recur/customers/lookup?query=example&limit=1&starting_after=${bob.id}`)).body;
    expect(page2.data[0].id).toBe(ada.id);
    expect(page2.has_more).toBe(false);
  });

  it('exports as CSV exactly the subscriptions the filter shows', async () => {
    const price = await monthly(2500, 'Seat');
    const carol = await customerWithCard('Carol Export', 'carol@export.example');
    const dave = await customerWithCard('Dave Export', 'dave@export.example');
    const s1 = await r.stripe.subscriptions.create({ customer: carol.id, items: [{ price: price.id, quantity: 2 }] });
    const s2 = await r.stripe.subscriptions.create({ customer: dave.id, items: [{ price: price.id }] });
    await r.stripe.subscriptions.cancel(s2.id);
    const shown = (await owner.fetch('/v1/recur/subscriptions/lookup?status=active&query=export.example')).body;
    expect(shown.data.map((d: any) => d.subscription.id)).toEqual([s1.id]);
    expect(shown.data[0].customer.name).toBe('Carol Export');
    const csv = await owner.fetch('/v1/recur/exports/subscriptions.csv?status=active&query=export.example');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,status,customer,customer_name,customer_email,currency,collection_method,items,created,current_period_start,current_period_end,cancel_at_period_end');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([s1.id]);
    expect(lines[1]).toContain(`active,${carol.id},Carol Export,carol@export.example,usd,charge_automatically,${price.id}×2`);
    const all = await r.fetch('/v1/recur/exports/subscriptions.csv?query=export.example');
    expect((all.body as string).trim().split('\r\n').slice(1).map((l) => l.split(',')[0]).sort()).toEqual([s1.id, s2.id].sort());
    const bad = await owner.fetch('/v1/recur/exports/subscriptions.csv?status=sleeping');
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('status');
  });
});

describe('subscription templates', () => {
  it("the seed's template: $35 per subscriber a month plus metered cases; send_invoice leaves the first invoice a draft for review", async () => {
    const seats = await monthly(3500, 'Per subscriber');
    const casesPrice = await r.stripe.prices.create({
      currency: 'usd',
      unit_amount: 500,
      nickname: 'Per case',
      recurring: { interval: 'month', usage_type: 'metered', meter: await meterFor(r.stripe, 'cases') },
      product_data: { name: 'Cases and SMS' },
    });
    const t = await owner.fetch('/v1/recur/subscription_templates', {
      method: 'POST',
      json: { name: 'Funder standard', items: [{ price: seats.id, quantity: 10 }, { price: casesPrice.id }], collection_method: 'send_invoice', days_until_due: 14 },
    });
    expect(t.status).toBe(200);
    expect(t.body).toMatchObject({ object: 'recur.subscription_template', name: 'Funder standard', collection_method: 'send_invoice', days_until_due: 14, active: true });
    const funder = await r.stripe.customers.create({ name: 'North Funder', email: 'funder@example.com' });
    const sub = await owner.fetch(`/v1/recur/subscription_templates/${t.body.id}/subscribe`, { method: 'POST', json: { customer: funder.id } });
    expect(sub.status).toBe(200);
    expect(sub.body.status).toBe('active');
    expect(sub.body.metadata.recur_template).toBe(t.body.id);
    const invoice = await r.stripe.invoices.retrieve(sub.body.latest_invoice);
    expect(invoice.status).toBe('draft');
    expect(invoice.automatically_finalizes_at).toBeNull();
    expect(invoice.total).toBe(35000); // 10 subscribers × $35.00 in advance; cases bill in arrears
    const finalized = await r.stripe.invoices.finalizeInvoice(invoice.id);
    expect(finalized.status).toBe('open');
    expect(finalized.amount_due).toBe(35000);
  });

  it('refuses to charge automatically a customer without a payment method, saying what to fix, and creates nothing', async () => {
    const price = await monthly(1000, 'Basic');
    const t = await r.stripe.rawRequest('POST', '/v1/recur/subscription_templates', { name: 'Card plan', items: [{ price: price.id }] });
    const nocard = await r.stripe.customers.create({ name: 'No Card Ltd' });
    const e = await expectStripeError(r.stripe.rawRequest('POST', `/v1/recur/subscription_templates/${(t as any).id}/subscribe`, { customer: nocard.id }), {
      status: 400,
      param: 'customer',
      code: 'payment_method_missing',
    });
    expect(e.message).toContain('No Card Ltd has no default payment method');
    expect((await r.stripe.subscriptions.list({ customer: nocard.id, status: 'all' })).data).toEqual([]);

    const withCard = await customerWithCard('Card Co', 'card@example.com');
    const sub = (await r.stripe.rawRequest('POST', `/v1/recur/subscription_templates/${(t as any).id}/subscribe`, { customer: withCard.id })) as any;
    expect(sub.status).toBe('active');
    expect((await r.stripe.invoices.retrieve(sub.latest_invoice)).status).toBe('paid');
  });

  it('keeps the first invoice for review when the account requires it; finalizing it charges the card', async () => {
    const settings = await owner.fetch('/v1/recur/account_settings', { method: 'POST', json: { review_first_invoices: true, business_name: 'Clinic Platform Ltd' } });
    expect(settings.body).toMatchObject({ review_first_invoices: true, business_name: 'Clinic Platform Ltd' });
    const price = await monthly(2000, 'Reviewed');
    const t = (await r.stripe.rawRequest('POST', '/v1/recur/subscription_templates', { name: 'Reviewed plan', items: [{ price: price.id }] })) as any;
    const c = await customerWithCard('Review Me', 'review@example.com');
    const sub = (await r.stripe.rawRequest('POST', `/v1/recur/subscription_templates/${t.id}/subscribe`, { customer: c.id })) as any;
    expect(sub.status).toBe('active');
    const draft = await r.stripe.invoices.retrieve(sub.latest_invoice);
    expect(draft.status).toBe('draft');
    expect((await r.stripe.charges.list({ customer: c.id })).data).toHaveLength(0);
    const paid = await r.stripe.invoices.finalizeInvoice(draft.id);
    expect(paid.status).toBe('paid');
    expect(paid.amount_paid).toBe(2000);
    await owner.fetch('/v1/recur/account_settings', { method: 'POST', json: { review_first_invoices: false } });
  });

  it('refuses a template with an unknown price, naming the item', async () => {
    await expectStripeError(r.stripe.rawRequest('POST', '/v1/recur/subscription_templates', { name: 'Broken', items: [{ price: 'price_nope' }] }), {
      status: 400,
      param: 'items[0][price]',
    });
  });
});
