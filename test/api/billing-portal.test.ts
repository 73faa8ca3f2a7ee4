// The customer portal through the official client (sessions, configurations) and the portal's own
// endpoints: one customer's data only, whatever is asked; the hosted invoice page and the PDF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

async function customerWithCard(name: string) {
  const c = await r.stripe.customers.create({ name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, payment_method: 'pm_card_visa' });
  const pm = (await r.stripe.paymentMethods.list({ customer: c.id, type: 'card' })).data[0];
  return r.stripe.customers.update(c.id, { invoice_settings: { default_payment_method: pm.id } });
}

async function openInvoice(customer: string, amount: number) {
  await r.stripe.invoiceItems.create({ customer, amount, currency: 'usd', description: 'Consulting' });
  const inv = await r.stripe.invoices.create({ customer, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
  return r.stripe.invoices.finalizeInvoice(inv.id);
}

const secretOf = (url: string) => url.split('/portal/')[1];
const portal = (secret: string, path = '', init: { method?: string; json?: unknown } = {}) =>
  r.fetch(`/v1/recur/portal${path}`, {
    method: init.method ?? 'GET',
    auth: false,
    headers: { 'x-recur-portal-session': secret, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });

describe('billing portal', () => {
  it('creates, retrieves, updates and lists configurations', async () => {
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 5000, recurring: { interval: 'month' }, product_data: { name: 'Pro' } });
    const config = await r.stripe.billingPortal.configurations.create({
      business_profile: { headline: 'Manage your plan' },
      features: {
        invoice_history: { enabled: true },
        subscription_cancel: { enabled: true, mode: 'immediately' },
        subscription_update: { enabled: true, default_allowed_updates: ['price'], products: [{ product: price.product as string, prices: [price.id] }] },
      },
    });
    expect(config).toMatchObject({ object: 'billing_portal.configuration', active: true, business_profile: { headline: 'Manage your plan' } });
    expect(config.id).toMatch(/^bpc_/);
    expect(config.features.subscription_cancel.mode).toBe('immediately');
    expect(config.features.payment_method_update.enabled).toBe(true);
    const updated = await r.stripe.billingPortal.configurations.update(config.id, { features: { customer_update: { enabled: false } }, metadata: { team: 'billing' } });
    expect(updated.features.customer_update.enabled).toBe(false);
    expect(updated.features.subscription_cancel.mode).toBe('immediately');
    expect(updated.metadata).toEqual({ team: 'billing' });
    expect((await r.stripe.billingPortal.configurations.retrieve(config.id)).features.customer_update.enabled).toBe(false);
    const list = await r.stripe.billingPortal.configurations.list({ limit: 10 });
    expect(list.data.map((c) => c.id)).toContain(config.id);
    await expectStripeError(
      r.stripe.billingPortal.configurations.create({ features: { subscription_update: { enabled: true, products: [{ product: 'prod_x', prices: ['price_nope'] }] } } } as any),
      { status: 400, param: 'features[subscription_update][products][0][prices][0]' },
    );
  });

  it('opens a session URL that shows only its customer, and refuses another customer whatever is asked', async () => {
    const ada = await customerWithCard('Ada Portal');
    const bob = await customerWithCard('Bob Portal');
    const adaInvoice = await openInvoice(ada.id, 4200);
    const bobInvoice = await openInvoice(bob.id, 1700);
    const adaSession = await r.stripe.billingPortal.sessions.create({ customer: ada.id, return_url: 'https://example.com/account' });
    expect(adaSession.object).toBe('billing_portal.session');
    expect(adaSession.url).toMatch(new RegExp(`^${r.recur.context.settings.publicUrl}/portal/\\w+$`));
    const bobSession = await r.stripe.billingPortal.sessions.create({ customer: bob.id, return_url: 'https://example.com/account' });

    const seen = await portal(secretOf(adaSession.url));
    expect(seen.status).toBe(200);
    expect(seen.body.customer.id).toBe(ada.id);
    expect(seen.body.invoices.map((i: any) => i.id)).toEqual([adaInvoice.id]);
    expect(JSON.stringify(seen.body)).not.toContain(bob.id);

    const crossPay = await portal(secretOf(bobSession.url), `/invoices/${adaInvoice.id}/pay`, { method: 'POST', json: {} });
    expect(crossPay.status).toBe(404);
    expect((await r.stripe.invoices.retrieve(adaInvoice.id)).status).toBe('open');

    const paid = await portal(secretOf(adaSession.url), `/invoices/${adaInvoice.id}/pay`, { method: 'POST', json: {} });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ id: adaInvoice.id, status: 'paid', amount_paid: 4200 });
    expect((await r.stripe.invoices.retrieve(bobInvoice.id)).status).toBe('open');

    expect((await portal('not-a-session')).status).toBe(401);
    expect((await r.fetch('/v1/recur/portal', { auth: false })).status).toBe(401);
  });

  it('replaces the card, updates billing details and cancels at period end with the default configuration', async () => {
    const cara = await customerWithCard('Cara Portal');
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' }, product_data: { name: 'Basic' } });
    const sub = await r.stripe.subscriptions.create({ customer: cara.id, items: [{ price: price.id }] });
    const session = await r.stripe.billingPortal.sessions.create({ customer: cara.id, return_url: 'https://example.com' });
    const secret = secretOf(session.url);
    const card = await portal(secret, '/payment_methods', { method: 'POST', json: { card: { number: '5555555555554444', exp_month: 12, exp_year: 2030, cvc: '123' } } });
    expect(card.status).toBe(200);
    expect(card.body.card.last4).toBe('4444');
    expect((await r.stripe.customers.retrieve(cara.id) as any).invoice_settings.default_payment_method).toBe(card.body.id);
    const bad = await portal(secret, '/customer', { method: 'POST', json: { email: 'not an email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('email');
    const details = await portal(secret, '/customer', { method: 'POST', json: { name: 'Cara Renamed', address: { line1: '1 High St', city: 'Leeds', postal_code: 'LS1', country: 'GB' } } });
    expect(details.body).toMatchObject({ name: 'Cara Renamed', address: { city: 'Leeds' } });
    const canceled = await portal(secret, `/subscriptions/${sub.id}/cancel`, { method: 'POST', json: {} });
    expect(canceled.status).toBe(200);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(true);
    const resumed = await portal(secret, `/subscriptions/${sub.id}/resume`, { method: 'POST', json: {} });
    expect(resumed.status).toBe(200);
    expect((await r.stripe.subscriptions.retrieve(sub.id)).cancel_at_period_end).toBe(false);
    const other = await customerWithCard('Dan Portal');
    const otherSub = await r.stripe.subscriptions.create({ customer: other.id, items: [{ price: price.id }] });
    expect((await portal(secret, `/subscriptions/${otherSub.id}/cancel`, { method: 'POST', json: {} })).status).toBe(404);
    expect((await r.stripe.subscriptions.retrieve(otherSub.id)).cancel_at_period_end).toBe(false);
  });

  it('serves the hosted invoice page data and a PDF, pays by card from the hosted page, and hides drafts', async () => {
    await r.fetch('/v1/recur/account_settings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ business_name: 'Recur Test Ltd' }) });
    const eve = await r.stripe.customers.create({ name: 'Eve Hosted', email: 'eve@example.com' });
    const inv = await openInvoice(eve.id, 9900);
    expect(inv.hosted_invoice_url).toBe(`${r.recur.context.settings.publicUrl}/invoices/${inv.id}`);
    const hosted = await r.fetch(`/v1/recur/hosted_invoices/${inv.id}`, { auth: false });
    expect(hosted.body).toMatchObject({ invoice: { id: inv.id, amount_remaining: 9900 }, seller: { business_name: 'Recur Test Ltd' }, customer: { name: 'Eve Hosted' } });
    expect(hosted.body.lines.map((l: any) => l.amount)).toEqual([9900]);

    const pdf = await fetch(`${r.url}/invoices/${inv.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const declined = await r.fetch(`/v1/recur/hosted_invoices/${inv.id}/pay`, {
      method: 'POST',
      auth: false,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ card: { number: '4000000000000002', exp_month: 12, exp_year: 2031, cvc: '123' } }),
    });
    expect(declined.status).toBe(402);
    expect(declined.body.error.type).toBe('card_error');
    const ok = await r.fetch(`/v1/recur/hosted_invoices/${inv.id}/pay`, {
      method: 'POST',
      auth: false,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ card: { number: '4242424242424242', exp_month: 12, exp_year: 2031, cvc: '123' } }),
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'paid', amount_paid: 9900 });

    await r.stripe.invoiceItems.create({ customer: eve.id, amount: 100, currency: 'usd' });
    const draft = await r.stripe.invoices.create({ customer: eve.id, pending_invoice_items_behavior: 'include' });
    expect((await r.fetch(`/v1/recur/hosted_invoices/${draft.id}`, { auth: false })).status).toBe(404);
    expect((await fetch(`${r.url}/invoices/${draft.id}/pdf`)).status).toBe(404);
  });
});
