// The customer form in a real browser (playwright-core driving Debian's Chromium): a customer created
// with a tax id, a malformed value refused next to its field, tax ids added and removed when editing,
// invoice settings (default card, custom field, footer) saved, and a balance adjustment that sets
// the customer's currency. Screenshots go to test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { Locator, Page } from 'playwright-core';
import type { TestRecur } from '../support/recur.ts';
import { haveBrowser, shot, signIn, startDashboardBrowser, WAIT, type DashboardBrowser } from '../support/dashboard-browser.ts';
import { OWNER } from '../support/staff.ts';

let dashboard: DashboardBrowser;
let r: TestRecur;
let page: Page;
let customerId: string;

/** The text of what describes a field (its error among it): what a reader sees next to it. */
async function besideField(field: Locator): Promise<string> {
  await expect.poll(() => field.getAttribute('aria-invalid'), { timeout: WAIT }).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

const taxIdsShown = () => page.getByLabel('Tax IDs').innerText();

describe.skipIf(!haveBrowser)('the customer form in a browser', () => {
  beforeAll(async () => {
    dashboard = await startDashboardBrowser();
    r = dashboard.r;
    page = await dashboard.newPage();
    await signIn(page, r.url, OWNER.email, OWNER.password);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
  });
  afterAll(async () => {
    await dashboard?.close();
  });

  it('creates a customer with a tax id, refusing a malformed value next to its field first', async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('button', { name: 'New customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Hofmann GmbH');
    await dialog.getByLabel('Country').fill('DE');
    await dialog.getByRole('button', { name: 'Add tax ID' }).click();
    const value = dialog.getByLabel('Tax ID value');
    await value.fill('DE123');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    expect(await besideField(value)).toContain('Invalid value for eu_vat: DE123 is not an EU VAT number');
    expect((await r.stripe.customers.list({ limit: 100 })).data.map((c) => c.name)).not.toContain('Hofmann GmbH');
    await shot(page, 'customer-form-tax-id-refused');

    await value.fill('DE123456789');
    await dialog.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Hofmann GmbH' }).waitFor();
    customerId = page.url().split('/customers/')[1];
    await expect.poll(taxIdsShown, { timeout: WAIT }).toBe('EU VAT DE123456789 · DE');
    const [taxId] = (await r.stripe.customers.listTaxIds(customerId)).data;
    expect(taxId).toMatchObject({ type: 'eu_vat', value: 'DE123456789', country: 'DE' });
    await shot(page, 'customer-with-tax-id');
  });

  it('adds and removes tax ids and saves the invoice settings when editing', async () => {
    const card = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customerId });
    await page.reload();
    await page.getByRole('heading', { name: 'Hofmann GmbH' }).waitFor();
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Add tax ID' }).click();
    await dialog.getByRole('textbox', { name: 'Tax ID type' }).fill('gb_vat');
    await page.getByRole('option', { name: /gb_vat/ }).click();
    const value = dialog.getByLabel('Tax ID value');
    await value.fill('GB12');
    await dialog.getByRole('button', { name: 'Save customer' }).click();
    expect(await besideField(value)).toContain('Invalid value for gb_vat: GB12');
    await shot(page, 'customer-edit-tax-id-refused');

    await value.fill('GB123456789');
    await dialog.getByRole('button', { name: 'Remove tax ID DE123456789' }).click();
    await dialog.getByRole('textbox', { name: 'Default payment method' }).click();
    await page.getByRole('option', { name: /•••• 4242/ }).click();
    await dialog.getByRole('button', { name: 'Add custom field' }).click();
    await dialog.getByLabel('Custom field 1 name').fill('PO number');
    await dialog.getByLabel('Custom field 1 value').fill('PO-7781');
    await dialog.getByLabel('Invoice footer').fill('Reverse charge applies.');
    await dialog.getByRole('button', { name: 'Save customer' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(taxIdsShown, { timeout: WAIT }).toBe('GB VAT GB123456789 · GB');
    expect((await r.stripe.customers.listTaxIds(customerId)).data.map((t) => [t.type, t.value])).toEqual([['gb_vat', 'GB123456789']]);
    const c = (await r.stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(c.invoice_settings).toMatchObject({
      default_payment_method: card.id,
      custom_fields: [{ name: 'PO number', value: 'PO-7781' }],
      footer: 'Reverse charge applies.',
    });
    await shot(page, 'customer-edited');
  });

  it("a balance adjustment in euros sets the customer's currency", async () => {
    await page.getByRole('tab', { name: 'Balance' }).click();
    await page.getByRole('button', { name: 'Adjust balance' }).click();
    await page.getByLabel('Amount').fill('25.00');
    await page.getByRole('textbox', { name: 'Balance currency' }).click();
    await page.getByRole('option', { name: 'EUR' }).click();
    await page.getByRole('button', { name: 'Save adjustment' }).click();
    await page.getByRole('table', { name: 'Balance transactions' }).getByText('-€25.00').first().waitFor();
    const c = (await r.stripe.customers.retrieve(customerId)) as Stripe.Customer;
    expect(c).toMatchObject({ currency: 'eur', balance: -2500 }); // a €25.00 credit
    await page.getByRole('cell', { name: 'EUR', exact: true }).waitFor();
    await shot(page, 'customer-balance-adjusted');
  });
});
