// The dashboard's developer and collection pages in a real browser (playwright-core driving
// Debian's Chromium): a webhook endpoint created in the dashboard and its delivery attempt listed
// after an event, a partial refund and a credit note to the balance from an invoice's page, a
// charge's dispute, and a subscription's dunning timeline. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestRecur } from '../support/recur.ts';
import { haveBrowser, shot, signIn, startDashboardBrowser, WAIT, type DashboardBrowser } from '../support/dashboard-browser.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.ts';
import { OWNER } from '../support/staff.ts';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-webhooks.ts';
import { runOutboxes } from '../../src/engine/engine-loop.ts';
import { FixedClock } from '../../src/core/clock.ts';

let dash: DashboardBrowser;
let r: TestRecur;
let receiver: WebhookReceiver;
let page: Page;
const state: Record<string, string> = {};

/** A customer with a card (or a test payment method) and a paid $50.00 monthly subscription. */
async function paidSubscription(name: string, paymentMethod: string) {
  const customer = await r.stripe.customers.create({ name, email: `${name.split(' ')[0].toLowerCase()}@example.com`, payment_method: paymentMethod });
  const pm = (await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
  await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: state.price }] });
  return { customer: customer.id, subscription: sub.id, invoice: sub.latest_invoice as string };
}

describe.skipIf(!haveBrowser)('developer and collection pages in a browser', () => {
  beforeAll(async () => {
    dash = await startDashboardBrowser({ webhooks: { allowPrivateAddresses: true } });
    r = dash.r;
    receiver = await startWebhookReceiver();
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 5000, nickname: 'Team plan', recurring: { interval: 'month' }, product_data: { name: 'Team' } });
    state.price = price.id;
    page = await dash.newPage();
    await signIn(page, r.url, OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });
  afterAll(async () => {
    await receiver?.close();
    await dash?.close();
  });

  it('creates a webhook endpoint, shows its secret once, and lists the attempt after an event', async () => {
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Endpoint URL').fill(receiver.url);
    const events = dialog.getByRole('textbox', { name: 'Events to send' });
    await events.fill('customer.created');
    await events.press('Enter');
    await dialog.getByLabel('Endpoint description').fill('Our app');
    await dialog.getByRole('button', { name: 'Create endpoint' }).click();
    const secret = await page.getByText(/^whsec_/).textContent();
    expect(secret).toMatch(/^whsec_/);
    const [endpoint] = (await r.stripe.webhookEndpoints.list()).data;
    expect(endpoint).toMatchObject({ url: receiver.url, enabled_events: ['customer.created'], description: 'Our app', status: 'enabled' });
    expect((endpoint as any).secret).toBeUndefined();
    await shot(page, 'webhooks');

    const customer = await r.stripe.customers.create({ name: 'Hook Listener' });
    expect(await deliverDueWebhooks(r.context())).toBe(1);
    expect(receiver.received.map((h) => h.event.data.object.id)).toEqual([customer.id]);
    await page.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('heading', { name: 'Webhook endpoint' }).waitFor();
    await page.getByRole('table', { name: 'Delivery attempts' }).getByText('200 delivered').waitFor();
    await shot(page, 'webhook-endpoint');

    // The event's page lists the same attempt; Resend queues it again and the engine delivers it.
    await page.getByRole('link', { name: 'customer.created' }).first().click();
    await page.getByRole('heading', { name: 'customer.created' }).waitFor();
    await page.getByLabel('Event JSON').getByText(customer.id).first().waitFor();
    const event = page.url().split('/events/')[1];
    const resend = page.getByRole('button', { name: `Resend customer.created ${event}` });
    await resend.click();
    await expect.poll(() => resend.textContent(), { timeout: WAIT }).toBe('Queued');
    expect(await deliverDueWebhooks(r.context())).toBe(1);
    expect(receiver.received.map((h) => h.event.id)).toEqual([event, event]);
    await shot(page, 'event');

    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('textbox', { name: 'Event type' }).fill('customer.*');
    await expect.poll(() => page.getByRole('link', { name: /^Event / }).count(), { timeout: WAIT }).toBe(1);
    await shot(page, 'events');

    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('button', { name: 'Disable endpoint' }).click();
    await page.getByRole('button', { name: 'Enable endpoint' }).waitFor();
    expect((await r.stripe.webhookEndpoints.retrieve(endpoint.id)).status).toBe('disabled');
  });

  it('refunds part of a paid invoice from its page', async () => {
    Object.assign(state, await paidSubscription('Rita Refund', 'pm_card_visa'));
    await page.goto(`${r.url}/dashboard/invoices/${state.invoice}`);
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Refund amount (USD)').inputValue()).resolves.toBe('50.00');
    await dialog.getByLabel('Refund amount (USD)').fill('60.00');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await expect.poll(() => dialog.getByLabel('Refund amount (USD)').getAttribute('aria-invalid'), { timeout: WAIT }).toBe('true'); // refused next to the field
    await shot(page, 'refund-refused');
    await dialog.getByLabel('Refund amount (USD)').fill('12.50');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Refunds of this invoice' }).getByText('$12.50').waitFor();
    const [charge] = (await r.stripe.charges.list({ customer: state.customer })).data;
    expect(charge).toMatchObject({ amount: 5000, amount_refunded: 1250, refunded: false });
    const refunds = (await r.stripe.refunds.list({ charge: charge.id })).data;
    expect(refunds.map((x) => [x.amount, x.status, x.reason])).toEqual([[1250, 'succeeded', 'requested_by_customer']]);
    state.charge = charge.id;
    await shot(page, 'invoice-refund');
  });

  it('issues a credit note to the customer balance with a live preview', async () => {
    await page.getByRole('button', { name: 'Credit note' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Credit amount (USD)').fill('5.00');
    await dialog.getByRole('region', { name: 'Credit note preview' }).getByText('$5.00').first().waitFor();
    await dialog.getByRole('textbox', { name: 'Credit note reason' }).click();
    await page.getByRole('option', { name: 'Order change' }).click();
    await shot(page, 'credit-note-dialog');
    await dialog.getByRole('button', { name: 'Issue credit note' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('table', { name: 'Credit notes of this invoice' }).getByText('$5.00').waitFor();
    const notes = (await r.stripe.creditNotes.list({ invoice: state.invoice })).data;
    expect(notes.map((n) => [n.total, n.type, n.reason, n.out_of_band_amount ?? 0])).toEqual([[500, 'post_payment', 'order_change', 0]]);
    expect(notes[0].customer_balance_transaction).toBeTruthy();
    expect(((await r.stripe.customers.retrieve(state.customer)) as any).balance).toBe(-500);
    expect((await r.stripe.invoices.retrieve(state.invoice)).post_payment_credit_notes_amount).toBe(500);
    await shot(page, 'invoice-credit-note');
  });

  it("shows a charge's dispute, reachable from its invoice, and accepts it", async () => {
    const disputed = await paidSubscription('Dora Dispute', 'pm_card_createDispute');
    await runOutboxes(r.recur.engine, new FixedClock(r.clock.now() + 60)); // the processor's dispute report comes due
    const disputes = (await r.stripe.disputes.list()).data;
    expect(disputes.map((x) => [x.amount, x.status])).toEqual([[5000, 'needs_response']]);
    await page.goto(`${r.url}/dashboard/invoices/${disputed.invoice}`);
    await page.getByRole('link', { name: /^Charge ch_/ }).click();
    await page.getByRole('heading', { name: /Charge \$50\.00/ }).waitFor();
    const d = disputes[0];
    await page.getByRole('region', { name: `Dispute ${d.id}` }).waitFor();
    await page.getByLabel('Product description').fill('Team plan, one month');
    await page.getByRole('button', { name: `Save evidence for dispute ${d.id}` }).click();
    await expect.poll(async () => (await r.stripe.disputes.retrieve(d.id)).evidence.product_description, { timeout: WAIT }).toBe('Team plan, one month');
    await shot(page, 'charge-dispute');
    await page.getByRole('button', { name: `Accept dispute ${d.id}` }).click();
    await page.getByText('Closed: lost.').waitFor();
    expect((await r.stripe.disputes.retrieve(d.id)).status).toBe('lost');
    await page.getByRole('link', { name: 'Disputes' }).click();
    await page.getByRole('link', { name: `Dispute ${d.id} on charge ${d.charge}` }).waitFor();
    await shot(page, 'disputes');
  });

  it("shows a declined renewal's attempts and the next retry on the subscription's dunning timeline", async () => {
    const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: r.clock.now() });
    const customer = await r.stripe.customers.create({ name: 'Dan Dunning', test_clock: clock.id, payment_method: 'pm_card_visa' });
    const visa = (await r.stripe.paymentMethods.list({ customer: customer.id, type: 'card' })).data[0];
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: visa.id } });
    const created = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: state.price }] });
    const failing = await r.stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await r.stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: failing.id } });
    const renewalAt = created.items.data[0].current_period_end;
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: renewalAt + 3600 });
    const [open] = (await r.stripe.invoices.list({ subscription: created.id, limit: 1 })).data;
    expect(open).toMatchObject({ status: 'open', attempt_count: 1 });
    expect(open.next_payment_attempt).toBeGreaterThan(renewalAt);
    expect((await r.stripe.subscriptions.retrieve(created.id)).status).toBe('past_due');
    const sub = { subscription: created.id };
    await page.goto(`${r.url}/dashboard/subscriptions/${sub.subscription}`);
    const timeline = page.getByRole('region', { name: 'Dunning timeline' });
    await timeline.getByText('Paid: $50.00').waitFor();
    await timeline.getByText('Payment failed: $50.00').waitFor();
    await timeline.getByText('Next attempt (attempt 2)').waitFor();
    await timeline.getByText('Status active → past due').waitFor();
    await shot(page, 'subscription-dunning');
  });
  it("grants credits from the customer's page and shows the balance and the grant", async () => {
    const customer = await r.stripe.customers.create({ name: 'Cora Credits', email: 'cora@example.com' });
    await page.goto(`${r.url}/dashboard/customers/${customer.id}`);
    await page.getByRole('tab', { name: 'Credits and usage' }).click();
    await page.getByText('No credit grants.').waitFor();
    await page.getByRole('button', { name: 'Grant credits' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Grant name').fill('Welcome credits');
    await dialog.getByLabel('Credit amount (USD)').fill('25.00');
    await dialog.getByRole('button', { name: 'Grant credits' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: 'Welcome credits', exact: true }).waitFor();
    await page.getByText('Credit balance for metered usage: $25.00').waitFor();
    const [grant] = (await r.stripe.billing.creditGrants.list({ customer: customer.id })).data;
    expect(grant).toMatchObject({ name: 'Welcome credits', category: 'promotional', amount: { monetary: { value: 2500, currency: 'usd' } } });
    await shot(page, 'customer-credits');
  });
  it("creates a meter and charts a customer's usage this period on the meter's page", async () => {
    await page.getByRole('link', { name: 'Meters', exact: true }).click();
    await page.getByRole('button', { name: 'New meter' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Meter name').fill('API calls');
    await dialog.getByLabel('Event name').fill('api_call');
    await dialog.getByRole('button', { name: 'Create meter' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [meter] = (await r.stripe.billing.meters.list()).data.filter((m) => m.event_name === 'api_call');
    const price = await r.stripe.prices.create({ currency: 'usd', unit_amount: 2, recurring: { interval: 'month', usage_type: 'metered', meter: meter.id }, product_data: { name: 'Calls' } });
    const customer = await r.stripe.customers.create({ name: 'Uma Usage', email: 'uma@example.com', payment_method: 'pm_card_visa' });
    await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    for (const value of ['40', '2']) await r.stripe.billing.meterEvents.create({ event_name: 'api_call', payload: { stripe_customer_id: customer.id, value } });
    await page.getByRole('link', { name: 'API calls' }).click();
    await page.getByRole('textbox', { name: 'Customer' }).click();
    await page.getByRole('option', { name: 'Uma Usage' }).click();
    await page.getByText('This period: 42 (sum)').waitFor();
    await page.getByRole('img', { name: 'Daily usage of API calls' }).waitFor();
    await shot(page, 'meter-usage');
  });
});
