// The dashboard and the portal in a real browser (playwright-core driving Debian's Chromium): the
// flows finance staff and customers go through, found by role and accessible name. Screenshots of
// each main page go to test-artifacts/. Skipped, saying why, when /usr/bin/chromium is absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { TestRecur } from '../support/recur.ts';
import { haveBrowser, shot, signIn as signInAt, startDashboardBrowser, WAIT, type DashboardBrowser } from '../support/dashboard-browser.ts';
import { meterFor } from '../support/meters.ts';
import { OWNER, staffWithRole } from '../support/staff.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';

let dash: DashboardBrowser;
let r: TestRecur;
let page: Page;
const DAY = 86_400;
const state: Record<string, string> = {};

const signIn = (p: Page, email: string, password: string) => signInAt(p, r.url, email, password);

describe.skipIf(!haveBrowser)('dashboard and portal in a browser', () => {
  beforeAll(async () => {
    dash = await startDashboardBrowser();
    r = dash.r;
    const seats = await r.stripe.prices.create({ currency: 'usd', unit_amount: 3500, nickname: 'Per subscriber', recurring: { interval: 'month' }, product_data: { name: 'Subscribers' } });
    const cases = await r.stripe.prices.create({ currency: 'usd', unit_amount: 500, nickname: 'Per case and SMS', recurring: { interval: 'month', usage_type: 'metered', meter: await meterFor(r.stripe, 'cases') }, product_data: { name: 'Cases and SMS' } });
    state.seats = seats.id;
    state.cases = cases.id;
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: r.clock.now(), name: 'Clinic clock' });
    state.clock = clock.id;
    page = await dash.newPage({ acceptDownloads: true });
  });
  afterAll(async () => {
    await dash?.close();
  });

  it('refuses a wrong password without saying whether the email exists, then signs in', async () => {
    await signIn(page, OWNER.email, 'wrong password');
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: WAIT }).toContain('Incorrect email or password.');
    await shot(page, 'sign-in');
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await shot(page, 'overview');
  });

  it('creates a customer on the test clock and gives them a card', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Ada Clinic');
    await dialog.getByLabel('Email').fill('ada@clinic.example');
    await dialog.getByLabel('City').fill('London');
    await dialog.getByRole('textbox', { name: 'Test clock (optional)' }).click();
    await page.getByRole('option', { name: 'Clinic clock' }).click();
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Ada Clinic' }).waitFor();
    state.customer = page.url().split('/customers/')[1];
    await page.getByRole('button', { name: 'Add card' }).click();
    const cardDialog = page.getByRole('dialog');
    await cardDialog.getByLabel('Card number').fill('4242 4242 4242 4242');
    await cardDialog.getByLabel('Expiry (MM/YY)').fill('12/30');
    await cardDialog.getByLabel('CVC').fill('123');
    await cardDialog.getByRole('button', { name: 'Save card' }).click();
    await page.getByText('•••• 4242').waitFor();
    const customer = (await r.stripe.customers.retrieve(state.customer)) as any;
    expect(customer).toMatchObject({ name: 'Ada Clinic', email: 'ada@clinic.example', test_clock: state.clock });
    expect(customer.invoice_settings.default_payment_method).toMatch(/^pm_/);
    await page.getByLabel('Search customers').waitFor({ state: 'detached' }).catch(() => undefined);
    await shot(page, 'customer');
  });

  it('defines a template and creates a subscription from it on the customer page', async () => {
    await page.getByRole('link', { name: 'Subscription templates' }).click();
    await page.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Template name').fill('Funder standard');
    await dialog.getByRole('textbox', { name: 'Template price 1' }).click();
    await page.getByRole('option', { name: /Per subscriber/ }).click();
    await dialog.getByRole('textbox', { name: 'Template quantity 1' }).fill('10');
    await dialog.getByRole('button', { name: 'Add a price to the template' }).click();
    await dialog.getByRole('textbox', { name: 'Template price 2' }).click();
    await page.getByRole('option', { name: /Per case and SMS/ }).click();
    await dialog.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('button', { name: 'Archive Funder standard' }).waitFor();
    await shot(page, 'templates');

    await page.goto(`${r.url}/dashboard/customers/${state.customer}`);
    await page.getByRole('textbox', { name: 'Template' }).click();
    await page.getByRole('option', { name: 'Funder standard' }).click();
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.waitForURL(/\/dashboard\/subscriptions\/sub_/);
    state.subscription = page.url().split('/subscriptions/')[1];
    await page.getByText('Upcoming invoice').waitFor();
    const sub = await r.stripe.subscriptions.retrieve(state.subscription);
    expect(sub.status).toBe('active');
    expect(sub.items.data.map((i) => [i.price.id, i.quantity])).toEqual(expect.arrayContaining([[state.seats, 10]]));
    const first = await r.stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ status: 'paid', amount_paid: 35000 }); // 10 subscribers × $35.00, cases billed in arrears
    await shot(page, 'subscription');
  });

  it('advances the test clock a month; finance reviews the renewal draft, adds an item, finalizes it and sees it paid', async () => {
    await page.getByRole('link', { name: 'Test clocks' }).click();
    await page.getByRole('button', { name: 'Advance Clinic clock' }).click();
    await page.getByLabel('Advance to').fill('2026-02-01');
    await page.getByRole('button', { name: 'Advance clock' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => (await r.stripe.testHelpers.testClocks.retrieve(state.clock)).frozen_time, { timeout: WAIT }).toBe(r.clock.now() + 31 * DAY);
    await shot(page, 'test-clocks');

    await page.getByRole('link', { name: 'Invoices' }).click();
    await page.getByRole('tab', { name: /Drafts to review/ }).click();
    const draftLink = page.getByRole('link', { name: /^Invoice / }).first();
    await draftLink.click();
    await page.getByRole('button', { name: 'Finalize invoice' }).waitFor();
    state.renewal = page.url().split('/invoices/')[1];
    await page.getByRole('button', { name: 'Add item' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Item description').fill('Onboarding call');
    await dialog.getByLabel('Unit amount (USD)').fill('25.00');
    await dialog.getByRole('button', { name: 'Add to invoice' }).click();
    await page.getByRole('cell', { name: 'Onboarding call' }).first().waitFor();
    // Edit the item in place: a bad quantity is named next to its field; two calls are saved.
    await page.getByLabel('Quantity of Onboarding call').fill('two');
    await page.getByRole('button', { name: 'Save Onboarding call' }).click();
    await page.getByText('Invalid integer: two').waitFor();
    await page.getByLabel('Quantity of Onboarding call').fill('2');
    await page.getByRole('button', { name: 'Save Onboarding call' }).click();
    await expect.poll(async () => (await r.stripe.invoices.retrieve(state.renewal)).total, { timeout: WAIT }).toBe(40000);
    await page.getByRole('cell', { name: '$50.00' }).first().waitFor();
    await shot(page, 'invoice-draft');
    await page.getByRole('button', { name: 'Finalize invoice' }).click();
    await page.getByRole('link', { name: 'Download PDF' }).waitFor();
    const renewal = await r.stripe.invoices.retrieve(state.renewal);
    expect(renewal.billing_reason).toBe('subscription_cycle');
    expect(renewal).toMatchObject({ status: 'paid', total: 40000, amount_paid: 40000 }); // 10 × $35.00 + 2 × $25.00 onboarding; no cases used
    await page.getByText('paid', { exact: true }).first().waitFor();
    await shot(page, 'invoice-paid');
  });

  it('exports exactly the filtered subscription list as CSV', async () => {
    const other = await r.stripe.customers.create({ name: 'Bob Elsewhere', email: 'bob@else.example', payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.paymentMethods.list({ customer: other.id, type: 'card' })).data[0];
    await r.stripe.customers.update(other.id, { invoice_settings: { default_payment_method: pm.id } });
    await r.stripe.subscriptions.create({ customer: other.id, items: [{ price: state.seats }] });
    await page.getByRole('link', { name: 'Subscriptions' }).click();
    await page.getByLabel('Search subscriptions').fill('clinic.example');
    await expect.poll(() => page.getByRole('link', { name: /View subscription/ }).count(), { timeout: WAIT }).toBe(1);
    await shot(page, 'subscriptions');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
    expect(csv[0].split(',')[0]).toBe('id');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual([state.subscription]);
    expect(csv[1]).toContain('Ada Clinic');
  });

  it('reads MRR on the reports page', async () => {
    await page.getByRole('link', { name: 'Revenue and MRR' }).click();
    // Ada: 10 × $35.00; Bob: 1 × $35.00 → $385.00 a month
    await expect.poll(() => page.getByLabel('MRR now').textContent(), { timeout: WAIT }).toContain('$385.00');
    await shot(page, 'reports');
  });

  it('developers: creates a restricted key (its secret shown once), then revokes it', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await expect.poll(() => page.getByLabel('Publishable key', { exact: true }).textContent(), { timeout: WAIT }).toMatch(/^pk_test_/);
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Key name').fill('Finance read-only');
    await dialog.getByRole('textbox', { name: 'Key type' }).click();
    await page.getByRole('option', { name: 'Restricted: read-only' }).click();
    await dialog.getByRole('button', { name: 'Create' }).click();
    const secret = await page.getByLabel('New secret key').inputValue();
    expect(secret).toMatch(/^rk_test_/);
    const refused = await fetch(`${r.url}/v1/customers`, { method: 'POST', headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(403);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Finance read-only', exact: true }).waitFor();
    await shot(page, 'api-keys');
    await page.getByRole('button', { name: 'Revoke Finance read-only' }).click();
    await page.getByRole('cell', { name: 'Finance read-only', exact: true }).waitFor({ state: 'detached' });
    const revoked = await fetch(`${r.url}/v1/customers`, { headers: { authorization: `Bearer ${secret}` } });
    expect(revoked.status).toBe(401);
  });

  it('catalog: a product with a price in two currencies, then archived; a coupon and a tax rate', async () => {
    await page.getByRole('link', { name: 'Products and prices' }).click();
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByRole('dialog').getByLabel('Product name').fill('SMS bundle');
    await page.getByRole('dialog').getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { name: 'SMS bundle' }).waitFor();
    await page.getByRole('button', { name: 'Add price' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Price description (nickname)').fill('Bundle of 500');
    await dialog.getByLabel('Amount (USD)').fill('12.50');
    await dialog.getByRole('button', { name: 'Add a currency' }).click();
    await dialog.getByLabel('Amount in EUR').fill('11');
    await dialog.getByRole('button', { name: 'Add price' }).click();
    await page.getByRole('cell', { name: '€11.00' }).waitFor();
    const product = page.url().split('/products/')[1];
    const [price] = (await r.stripe.prices.list({ product, expand: ['data.currency_options'] })).data;
    expect(price).toMatchObject({ unit_amount: 1250, currency: 'usd', recurring: { interval: 'month' } });
    expect(price.currency_options!.eur.unit_amount).toBe(1100);
    await shot(page, 'product');
    await page.getByRole('button', { name: 'Archive price Bundle of 500' }).click();
    await page.getByRole('button', { name: 'Restore price Bundle of 500' }).waitFor();
    expect((await r.stripe.prices.retrieve(price.id)).active).toBe(false);

    await page.getByRole('link', { name: 'Coupons' }).click();
    await page.getByRole('button', { name: 'New coupon' }).click();
    await page.getByRole('dialog').getByLabel('Coupon name').fill('Spring');
    await page.getByRole('dialog').getByLabel('Percent off').fill('25');
    await page.getByRole('dialog').getByRole('button', { name: 'Create coupon' }).click();
    await page.getByRole('cell', { name: '25% off' }).waitFor();
    await page.getByRole('button', { name: 'New promotion code' }).click();
    await page.getByRole('dialog').getByLabel('Code customers type').fill('SPRING25');
    await page.getByRole('dialog').getByRole('button', { name: 'Create promotion code' }).click();
    await page.getByRole('button', { name: 'Deactivate code SPRING25' }).click();
    await page.getByRole('button', { name: 'Activate code SPRING25', exact: true }).waitFor();
    await expect.poll(async () => (await r.stripe.promotionCodes.list({ code: 'SPRING25' })).data.map((p) => p.active), { timeout: 10_000 }).toEqual([false]);
    await shot(page, 'coupons');

    await page.getByRole('link', { name: 'Tax rates' }).click();
    await page.getByRole('button', { name: 'New tax rate' }).click();
    await page.getByRole('dialog').getByLabel('Percentage').fill('abc');
    await page.getByRole('dialog').getByRole('button', { name: 'Create tax rate' }).click();
    await page.getByRole('dialog').getByText(/Invalid decimal/).waitFor();
    await page.getByRole('dialog').getByLabel('Percentage').fill('20');
    await page.getByRole('dialog').getByRole('button', { name: 'Create tax rate' }).click();
    await page.getByRole('button', { name: 'Archive tax rate VAT 20%' }).click();
    await page.getByRole('button', { name: 'Restore tax rate VAT 20%' }).waitFor();
    await shot(page, 'tax-rates');
  });

  it('settings: the email log, a message switched off, and the retry schedule', async () => {
    await runOutboxes(r.recur.engine, r.clock);
    await page.getByRole('link', { name: 'Email log' }).click();
    await page.getByRole('table', { name: 'Emails' }).or(page.getByText('No emails yet.')).first().waitFor();
    await shot(page, 'email-log');
    await page.getByRole('link', { name: 'Emails', exact: true }).click();
    await page.getByText('Receipt', { exact: true }).click(); // the switch's label (its input is visually hidden)
    await expect.poll(async () => (await r.fetch('/v1/recur/settings/emails')).body.messages.receipt, { timeout: WAIT }).toBe(false);
    await page.getByText('Receipt', { exact: true }).click(); // the switch's label (its input is visually hidden)
    await expect.poll(async () => (await r.fetch('/v1/recur/settings/emails')).body.messages.receipt, { timeout: WAIT }).toBe(true);
    await expect.poll(() => page.getByRole('switch', { name: 'Receipt' }).isChecked(), { timeout: WAIT }).toBe(true);
    await page.getByRole('switch', { name: 'Receipt' }).and(page.locator(':enabled')).waitFor({ state: 'attached' });
    await shot(page, 'email-settings');
    await page.getByRole('link', { name: 'Payment retries' }).click();
    const days = page.getByLabel('Retry on these days after the first failed attempt');
    await expect.poll(() => days.inputValue(), { timeout: WAIT }).toBe('1, 3, 5, 7, 9, 11, 14');
    await days.fill('5, 2');
    await page.getByRole('button', { name: 'Save retry settings' }).click();
    await page.getByText('Retry days must increase').waitFor();
    await days.fill('2, 5, 9');
    await page.getByRole('button', { name: 'Save retry settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await r.fetch('/v1/recur/settings/billing')).body.retry_schedule).toEqual([2, 5, 9]);
    await shot(page, 'retry-settings');
  });

  it("the customer's portal at 390 px: replace the card, pay an open invoice, cancel", async () => {
    await r.stripe.invoiceItems.create({ customer: state.customer, amount: 1250, currency: 'usd', description: 'Extra SMS bundle' });
    const extra = await r.stripe.invoices.create({ customer: state.customer, collection_method: 'send_invoice', days_until_due: 14, pending_invoice_items_behavior: 'include' });
    state.open = (await r.stripe.invoices.finalizeInvoice(extra.id)).id;
    const session = await r.stripe.billingPortal.sessions.create({ customer: state.customer, return_url: 'https://clinic.example/account' });
    state.portal = session.url.split('/portal/')[1];
    const p = await dash.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await p.goto(`${r.url}/portal/${state.portal}`);
    await p.getByRole('heading', { name: 'Your billing' }).waitFor();
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(p, 'portal-390');
    await p.getByRole('button', { name: 'Replace card' }).click();
    await p.getByLabel('Card number').fill('5555 5555 5555 4444');
    await p.getByLabel('Expiry (MM/YY)').fill('11/31');
    await p.getByLabel('CVC').fill('321');
    await p.getByRole('button', { name: 'Save new card' }).click();
    await p.getByText('ending in 4444').waitFor();
    await p.getByRole('button', { name: 'Pay $12.50' }).click();
    await p.getByText(/was paid/).waitFor();
    const paid = await r.stripe.invoices.retrieve(state.open);
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1250 });
    await p.getByRole('button', { name: 'Cancel subscription' }).click();
    await p.getByText(/will end at the end of the period/).waitFor();
    expect((await r.stripe.subscriptions.retrieve(state.subscription)).cancel_at_period_end).toBe(true);
    await shot(p, 'portal-390-after');
    await p.goto(`${r.url}/invoices/${state.open}`);
    await p.getByText('Payment received').or(p.getByText('Amount due')).first().waitFor();
    await shot(p, 'hosted-invoice-390');
    await p.context().close();
  });

  it("a second customer's portal cannot reach the first customer's invoices", async () => {
    const eve = await r.stripe.customers.create({ name: 'Eve Other', email: 'eve@other.example' });
    const session = await r.stripe.billingPortal.sessions.create({ customer: eve.id, return_url: 'https://other.example' });
    const secret = session.url.split('/portal/')[1];
    const p = await dash.newPage({ viewport: { width: 390, height: 844 } });
    await p.goto(`${r.url}/portal/${secret}`);
    await p.getByRole('heading', { name: 'Your billing' }).waitFor();
    expect(await p.content()).not.toContain(state.renewal);
    const tried = await p.evaluate(
      async ([secret, invoice]) => (await fetch(`/v1/recur/portal/invoices/${invoice}/pay`, { method: 'POST', headers: { 'x-recur-portal-session': secret, 'content-type': 'application/json' }, body: '{}' })).status,
      [secret, state.renewal],
    );
    expect(tried).toBe(404);
    await p.context().close();
  });

  it('a viewer sees the dashboard but cannot change anything', async () => {
    await staffWithRole(r, 'viewer', 'viewer@clinic.example');
    const p = await dash.newPage();
    await signIn(p, 'viewer@clinic.example', 'a long enough password');
    await p.getByRole('heading', { name: 'Overview' }).waitFor();
    await p.goto(`${r.url}/dashboard/customers/${state.customer}`);
    await p.getByRole('heading', { name: 'Ada Clinic' }).waitFor();
    expect(await p.getByRole('button', { name: 'Edit customer' }).count()).toBe(0);
    const status = await p.evaluate(async (id) => {
      const s = await (await fetch('/v1/recur/dashboard/session')).json();
      const res = await fetch(`/v1/customers/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-recur-csrf-token': s.csrf_token }, body: JSON.stringify({ name: 'Changed by a viewer' }) });
      return res.status;
    }, state.customer);
    expect(status).toBe(403);
    expect(((await r.stripe.customers.retrieve(state.customer)) as any).name).toBe('Ada Clinic');
    await shot(p, 'viewer-customer');
    await p.context().close();
  });
});
