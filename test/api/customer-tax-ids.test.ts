// Customer tax ids through the official client: added on their own or with a new customer, listed,
// retrieved, expanded on the customer, deleted (with the customer too), refused when malformed, and
// kept on an invoice as they were when it was finalized — in its PDF under the customer.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { FEB_1, JAN_1 } from '../support/calendar.ts';
import { pdfText } from '../support/pdf-text.ts';
import { clockedCustomer, monthlyPlan } from '../support/clocked-customer.ts';
import { eventTypesOfCustomer } from '../support/events.ts';


const r = recurForFile();

const eventsOf = async (type: string, customer: string) =>
  (await r.db.query('SELECT object_id FROM events WHERE type = $1 AND customer_id = $2 ORDER BY seq', [type, customer])).map((e) => e.object_id as string);

describe('customer tax ids', () => {
  it('adds, retrieves, lists and deletes a tax id, with its events', async () => {
    const c = await r.stripe.customers.create({ name: 'Hofmann GmbH' });
    const vat = await r.stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE123456789' });
    expect(vat.id).toMatch(/^txi_/);
    expect(vat).toEqual({
      id: vat.id,
      object: 'tax_id',
      country: 'DE',
      created: r.clock.now(),
      customer: c.id,
      customer_account: null,
      livemode: false,
      owner: { type: 'customer', customer: c.id, customer_account: null },
      type: 'eu_vat',
      value: 'DE123456789',
      verification: { status: 'unavailable', verified_address: null, verified_name: null },
    });
    const ein = await r.stripe.customers.createTaxId(c.id, { type: 'us_ein', value: '12-3456789' });
    expect(ein.country).toBe('US');

    expect(await r.stripe.customers.retrieveTaxId(c.id, vat.id)).toEqual(vat);
    expect((await r.stripe.customers.listTaxIds(c.id)).data.map((t) => t.id)).toEqual([ein.id, vat.id]);
    expect(await eventsOf('customer.tax_id.created', c.id)).toEqual([vat.id, ein.id]);

    expect(await r.stripe.customers.deleteTaxId(c.id, vat.id)).toEqual({ id: vat.id, object: 'tax_id', deleted: true });
    expect(await eventsOf('customer.tax_id.deleted', c.id)).toEqual([vat.id]);
    const [deleted] = await r.db.query(`SELECT data FROM events WHERE type = 'customer.tax_id.deleted' AND object_id = $1`, [vat.id]);
    expect(deleted.data.data.object).toMatchObject({ id: vat.id, value: 'DE123456789' });
    await expectStripeError(r.stripe.customers.retrieveTaxId(c.id, vat.id), { status: 404, code: 'resource_missing' });
    await expectStripeError(r.stripe.customers.deleteTaxId(c.id, vat.id), { status: 404, code: 'resource_missing' });
    expect((await r.stripe.customers.listTaxIds(c.id)).data.map((t) => t.id)).toEqual([ein.id]);
  });

  it("pages through a customer's tax ids and does not show another customer's", async () => {
    const c = await r.stripe.customers.create({ name: 'Many ids' });
    const made: Stripe.TaxId[] = [];
    for (const value of ['111111111', '222222222', '333333333']) made.push(await r.stripe.customers.createTaxId(c.id, { type: 'ca_bn', value }));
    const first = await r.stripe.customers.listTaxIds(c.id, { limit: 2 });
    expect(first).toMatchObject({ object: 'list', url: `/v1/customers/${c.id}/tax_ids`, has_more: true });
    expect(first.data.map((t) => t.value)).toEqual(['333333333', '222222222']);
    const next = await r.stripe.customers.listTaxIds(c.id, { limit: 2, starting_after: first.data[1].id });
    expect(next.data.map((t) => t.value)).toEqual(['111111111']);
    expect(next.has_more).toBe(false);
    const back = await r.stripe.customers.listTaxIds(c.id, { ending_before: made[0].id });
    expect(back.data.map((t) => t.value)).toEqual(['333333333', '222222222']);
    const all: string[] = [];
    for await (const t of r.stripe.customers.listTaxIds(c.id, { limit: 1 })) all.push(t.id);
    expect(all).toEqual([made[2].id, made[1].id, made[0].id]);

    const other = await r.stripe.customers.create({ name: 'Other' });
    await expectStripeError(r.stripe.customers.retrieveTaxId(other.id, made[0].id), { status: 404, code: 'resource_missing' });
    expect((await r.stripe.customers.listTaxIds(other.id)).data).toEqual([]);
  });

  it('takes tax_id_data on a new customer and shows the tax ids when the customer is retrieved with expand', async () => {
    const c = await r.stripe.customers.create({
      name: 'Kangaroo Pty',
      tax_id_data: [
        { type: 'au_abn', value: '12345678912' },
        { type: 'gb_vat', value: 'GB123456789' },
      ],
    });
    expect((c as any).tax_ids).toBeUndefined();
    const ids = (await r.stripe.customers.listTaxIds(c.id)).data;
    expect(ids.map((t) => [t.type, t.value, t.country])).toEqual([
      ['gb_vat', 'GB123456789', 'GB'],
      ['au_abn', '12345678912', 'AU'],
    ]);
    expect(await eventTypesOfCustomer(r, c.id)).toEqual(['customer.created', 'customer.tax_id.created', 'customer.tax_id.created']);

    const plain = (await r.stripe.customers.retrieve(c.id)) as Stripe.Customer;
    expect(plain.tax_ids).toBeUndefined();
    const expanded = (await r.stripe.customers.retrieve(c.id, { expand: ['tax_ids'] })) as Stripe.Customer;
    expect(expanded.tax_ids).toEqual({ object: 'list', url: `/v1/customers/${c.id}/tax_ids`, has_more: false, data: ids });
    const listed = await r.stripe.customers.list({ email: undefined, limit: 1, expand: ['data.tax_ids'] });
    expect(listed.data[0].tax_ids?.data.map((t) => t.id)).toEqual(ids.map((t) => t.id));
  });

  it('refuses an unknown type or a malformed value, naming the parameter, and changes nothing', async () => {
    const c = await r.stripe.customers.create({ name: 'Careful' });
    await expectStripeError(r.stripe.customers.createTaxId(c.id, { type: 'xx_vat' as any, value: 'X1' }), { status: 400, type: 'invalid_request_error', param: 'type' });
    const bad = await expectStripeError(r.stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE123' }), {
      status: 400,
      type: 'invalid_request_error',
      code: 'tax_id_invalid',
      param: 'value',
    });
    expect(bad.message).toContain('DE123');
    await expectStripeError(r.stripe.customers.createTaxId(c.id, { type: 'ke_pin', value: '   ' }), { status: 400, param: 'value' });
    await expectStripeError(r.stripe.customers.createTaxId(c.id, { type: 'eu_vat' } as any), { status: 400, code: 'parameter_missing', param: 'value' });
    await expectStripeError(r.stripe.customers.createTaxId('cus_missing', { type: 'eu_vat', value: 'DE123456789' }), { status: 404, code: 'resource_missing' });
    await r.stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE123456789' });
    await expectStripeError(r.stripe.customers.createTaxId(c.id, { type: 'eu_vat', value: 'DE 123 456 789' }), { status: 400, param: 'value' });
    expect((await r.stripe.customers.listTaxIds(c.id)).data).toHaveLength(1);

    const before = (await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n;
    await expectStripeError(
      r.stripe.customers.create({ name: 'Never made', tax_id_data: [{ type: 'gb_vat', value: 'GB123456789' }, { type: 'in_gst', value: '12ABC' }] }),
      { status: 400, code: 'tax_id_invalid', param: 'tax_id_data[1][value]' },
    );
    await expectStripeError(r.stripe.customers.create({ tax_id_data: [{ type: 'nope', value: '1' }] } as any), { status: 400, param: 'tax_id_data[0][type]' });
    expect((await r.db.query('SELECT count(*)::int AS n FROM customers'))[0].n).toBe(before);
  });

  it("a deleted customer's tax ids go with it", async () => {
    const c = await r.stripe.customers.create({ tax_id_data: [{ type: 'no_vat', value: '123456789MVA' }] });
    await r.stripe.customers.del(c.id);
    expect((await r.db.query('SELECT count(*)::int AS n FROM customer_tax_ids WHERE customer_id = $1', [c.id]))[0].n).toBe(0);
    await expectStripeError(r.stripe.customers.listTaxIds(c.id), { status: 404, code: 'resource_missing' });
  });
});

describe('tax ids on invoices', () => {
  it("an invoice keeps the customer's tax ids as they were when it was finalized, and its PDF shows them under the customer", async () => {
    const c = await r.stripe.customers.create({ name: 'Lumière SARL', email: 'compta@lumiere.example', tax_id_data: [{ type: 'eu_vat', value: 'FRAB123456789' }] });
    await r.stripe.invoiceItems.create({ customer: c.id, amount: 12000, currency: 'eur', description: 'Consulting day' });
    const draft = await r.stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
    expect(draft.customer_tax_ids).toEqual([{ type: 'eu_vat', value: 'FRAB123456789' }]);

    const ch = await r.stripe.customers.createTaxId(c.id, { type: 'ch_vat', value: 'CHE-123.456.789 MWST' });
    const finalized = await r.stripe.invoices.finalizeInvoice(draft.id);
    expect(finalized.status).toBe('open');
    expect(finalized.customer_tax_ids).toEqual([
      { type: 'eu_vat', value: 'FRAB123456789' },
      { type: 'ch_vat', value: 'CHE-123.456.789 MWST' },
    ]);

    // Later changes to the customer's tax ids do not reach the finalized invoice.
    await r.stripe.customers.deleteTaxId(c.id, ch.id);
    expect((await r.stripe.invoices.retrieve(draft.id)).customer_tax_ids).toEqual(finalized.customer_tax_ids);

    const res = await fetch(`${r.url}/invoices/${draft.id}/pdf`);
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer())).join('\n');
    expect(text).toContain('Lumière SARL\ncompta@lumiere.example\nEU VAT FRAB123456789\nCH VAT CHE-123.456.789 MWST');
    const hosted = await r.fetch(`/v1/recur/hosted_invoices/${draft.id}`, { auth: false });
    expect(hosted.body.invoice.customer_tax_ids).toEqual(finalized.customer_tax_ids);
  });

  it('a renewal draft shows the tax ids of when it was made; the engine finalizes it with those of the moment', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    await r.stripe.customers.createTaxId(customer.id, { type: 'au_abn', value: '12345678912' });
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: (await monthlyPlan(r.stripe, 3000)).id }] });
    expect((await r.stripe.invoices.retrieve(sub.latest_invoice as string)).customer_tax_ids).toEqual([{ type: 'au_abn', value: '12345678912' }]);

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 60 });
    const [draft] = (await r.stripe.invoices.list({ subscription: sub.id, status: 'draft' })).data;
    expect(draft.customer_tax_ids).toEqual([{ type: 'au_abn', value: '12345678912' }]);
    const nz = await r.stripe.customers.createTaxId(customer.id, { type: 'nz_gst', value: '123456789' });
    expect(nz.created).toBe(FEB_1 + 60); // on the customer's clock

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const renewal = await r.stripe.invoices.retrieve(draft.id);
    expect(renewal).toMatchObject({ status: 'paid', amount_paid: 3000 });
    expect(renewal.customer_tax_ids).toEqual([
      { type: 'au_abn', value: '12345678912' },
      { type: 'nz_gst', value: '123456789' },
    ]);

    // Deleting the clock deletes its customers, and their tax ids with them.
    await r.stripe.testHelpers.testClocks.del(clock.id);
    expect((await r.db.query('SELECT count(*)::int AS n FROM customer_tax_ids WHERE customer_id = $1', [customer.id]))[0].n).toBe(0);
  });
});
