import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfObject } from '../support/events.ts';

const r = recurForFile();

const eventTypes = (id: string) => eventTypesOfObject(r, id);

async function customer(params: Stripe.CustomerCreateParams = {}) {
  return r.stripe.customers.create({ email: 'a@example.com', ...params });
}

async function item(customerId: string, amount: number, extra: Partial<Stripe.InvoiceItemCreateParams> = {}) {
  return r.stripe.invoiceItems.create({ customer: customerId, amount, currency: 'usd', ...extra });
}

describe('invoices through the official client', () => {
  it('collects pending items into a draft, finalizes it with a number and pays it out of band', async () => {
    const c = await customer();
    const i1 = await item(c.id, 1500, { description: 'Setup' });
    await item(c.id, 2500, { description: 'Consulting' });

    const draft = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', description: 'Q1' });
    expect(draft).toMatchObject({
      object: 'invoice',
      status: 'draft',
      customer: c.id,
      currency: 'usd',
      billing_reason: 'manual',
      collection_method: 'charge_automatically',
      subtotal: 4000, // 1500 + 2500
      total: 4000,
      amount_due: 4000,
      amount_paid: 0,
      number: null,
      parent: null,
      description: 'Q1',
    });
    expect(draft.id).toMatch(/^in_/);
    expect(draft.lines.data.map((l) => l.amount)).toEqual([1500, 2500]);
    expect(draft.lines.url).toBe(`/v1/invoices/${draft.id}/lines`);
    const line = draft.lines.data[0];
    expect(line.id).toMatch(/^il_/);
    expect(line.parent).toMatchObject({ type: 'invoice_item_details', invoice_item_details: { invoice_item: i1.id, proration: false } });
    expect(line.invoice).toBe(draft.id);
    expect((await r.stripe.invoiceItems.retrieve(i1.id)).invoice).toBe(draft.id);

    const fin = await r.stripe.invoices.finalizeInvoice(draft.id);
    expect(fin.status).toBe('open');
    expect(fin.number).toBe(`${c.invoice_prefix}-0001`);
    expect(fin.status_transitions.finalized_at).toBe(r.clock.now());
    expect(fin.amount_remaining).toBe(4000);
    expect(fin.starting_balance).toBe(0);

    const paid = await r.stripe.invoices.pay(draft.id, { paid_out_of_band: true });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 4000, amount_remaining: 0 });
    expect(paid.status_transitions.paid_at).toBe(r.clock.now());
    expect(await eventTypes(draft.id)).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);

    // Paid invoices are final.
    await expectStripeError(r.stripe.invoices.finalizeInvoice(draft.id), { status: 400, type: 'invalid_request_error' });
    await expectStripeError(r.stripe.invoices.voidInvoice(draft.id), { status: 400 });
    await expectStripeError(r.stripe.invoices.pay(draft.id), { status: 400 });
    await expectStripeError(r.stripe.invoices.update(draft.id, { description: 'x' }), { status: 400, param: 'description' });
    await expectStripeError(r.stripe.invoices.del(draft.id), { status: 400 });
    expect(await r.stripe.invoices.retrieve(draft.id)).toEqual(paid);
  });

  it('numbers invoices sequentially per customer prefix', async () => {
    const c = await customer({ invoice_prefix: 'ACME' });
    const numbers: string[] = [];
    for (let n = 0; n < 3; n++) {
      await item(c.id, 100);
      const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
      numbers.push((await r.stripe.invoices.finalizeInvoice(inv.id)).number!);
    }
    expect(numbers).toEqual(['ACME-0001', 'ACME-0002', 'ACME-0003']);
    expect((await r.stripe.customers.retrieve(c.id) as Stripe.Customer).next_invoice_sequence).toBe(4);
  });

  it('applies percent and amount discounts, one restricted to a product, with exact totals', async () => {
    const gold = await r.stripe.products.create({ name: 'Gold' });
    const silver = await r.stripe.products.create({ name: 'Silver' });
    const goldPrice = await r.stripe.prices.create({ product: gold.id, currency: 'usd', unit_amount: 3333 });
    const silverPrice = await r.stripe.prices.create({ product: silver.id, currency: 'usd', unit_amount: 2000 });
    const pct = await r.stripe.coupons.create({ percent_off: 15, applies_to: { products: [gold.id] } });
    const off = await r.stripe.coupons.create({ amount_off: 500, currency: 'usd' });
    const c = await customer();
    await r.stripe.invoiceItems.create({ customer: c.id, pricing: { price: goldPrice.id }, quantity: 3 }); // 9999
    await r.stripe.invoiceItems.create({ customer: c.id, pricing: { price: silverPrice.id } }); // 2000
    const inv = await r.stripe.invoices.create({
      customer: c.id,
      pending_invoice_items_behavior: 'include',
      discounts: [{ coupon: pct.id }, { coupon: off.id }],
    });
    // gold: 15% of 9999 = 1499.85 → 1500; left 8499. silver untouched by the 15%.
    // $5 split over what is left, 8499 : 2000 → 404.7 : 95.2 → 405 / 95.
    expect(inv.subtotal).toBe(11999);
    expect(inv.discounts).toHaveLength(2);
    const [dPct, dOff] = inv.discounts as string[];
    expect(inv.total_discount_amounts).toEqual([
      { amount: 1500, discount: dPct },
      { amount: 500, discount: dOff },
    ]);
    expect(inv.total).toBe(9999); // 11999 − 1500 − 500
    expect(inv.lines.data[0].discount_amounts).toEqual([
      { amount: 1500, discount: dPct },
      { amount: 405, discount: dOff },
    ]);
    expect(inv.lines.data[1].discount_amounts).toEqual([
      { amount: 0, discount: dPct },
      { amount: 95, discount: dOff },
    ]);
    expect(inv.lines.data[0].pricing?.price_details).toEqual({ price: goldPrice.id, product: gold.id });
    expect(inv.lines.data[0].quantity).toBe(3);
    expect((await r.stripe.coupons.retrieve(pct.id)).times_redeemed).toBe(1);
  });

  it('taxes lines with exclusive and inclusive rates', async () => {
    const vat = await r.stripe.taxRates.create({ display_name: 'VAT', percentage: 20, inclusive: true });
    const sales = await r.stripe.taxRates.create({ display_name: 'Sales', percentage: 8.25, inclusive: false });
    const c = await customer();
    await item(c.id, 1200, { tax_rates: [vat.id] });
    await item(c.id, 1000);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', default_tax_rates: [sales.id] });
    // line 1: 1200 incl. 20% → taxable 1000, tax 200. line 2: default 8.25% of 1000 = 82.5 → 83.
    expect(inv.lines.data[0].taxes).toEqual([
      { amount: 200, tax_behavior: 'inclusive', tax_rate_details: { tax_rate: vat.id }, taxability_reason: 'not_available', taxable_amount: 1000, type: 'tax_rate_details' },
    ]);
    expect(inv.lines.data[1].taxes).toEqual([
      { amount: 83, tax_behavior: 'exclusive', tax_rate_details: { tax_rate: sales.id }, taxability_reason: 'not_available', taxable_amount: 1000, type: 'tax_rate_details' },
    ]);
    expect(inv).toMatchObject({
      subtotal: 2200,
      subtotal_excluding_tax: 2000, // 2200 − 200 inclusive
      total: 2283, // 2200 + 83
      total_excluding_tax: 2000, // 2283 − 83 − 200
      amount_due: 2283,
    });
    expect(inv.total_taxes?.map((t) => t.amount)).toEqual([200, 83]);
    expect(inv.default_tax_rates.map((t) => t.id)).toEqual([sales.id]);
  });

  it('spends customer credit on finalization, and a negative total adds to the credit', async () => {
    const c = await customer({ balance: -700 });
    await item(c.id, 1000);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const fin = await r.stripe.invoices.finalizeInvoice(inv.id);
    expect(fin).toMatchObject({ status: 'open', total: 1000, starting_balance: -700, ending_balance: 0, amount_due: 300 });
    expect(((await r.stripe.customers.retrieve(c.id)) as Stripe.Customer).balance).toBe(0);

    await item(c.id, -450);
    const credit = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const fin2 = await r.stripe.invoices.finalizeInvoice(credit.id);
    expect(fin2).toMatchObject({ status: 'paid', total: -450, starting_balance: 0, ending_balance: -450, amount_due: 0, amount_paid: 0 });
    expect(((await r.stripe.customers.retrieve(c.id)) as Stripe.Customer).balance).toBe(-450);

    const txns = await r.stripe.customers.listBalanceTransactions(c.id);
    expect(txns.data.map((t) => [t.type, t.amount, t.ending_balance, t.invoice])).toEqual([
      ['applied_to_invoice', -450, -450, credit.id],
      ['applied_to_invoice', 700, 0, inv.id],
      ['adjustment', -700, -700, null],
    ]);
  });

  it('sets the due date of a send_invoice invoice and sends it', async () => {
    const c = await customer();
    await item(c.id, 5000);
    const inv = await r.stripe.invoices.create({
      customer: c.id,
      collection_method: 'send_invoice',
      days_until_due: 14,
      pending_invoice_items_behavior: 'include',
    });
    expect(inv.due_date).toBeNull();
    const fin = await r.stripe.invoices.finalizeInvoice(inv.id);
    expect(fin.due_date).toBe(r.clock.now() + 14 * 86400);
    expect(fin.status).toBe('open');
    const sent = await r.stripe.invoices.sendInvoice(inv.id);
    expect(sent.status).toBe('open');
    expect(await eventTypes(inv.id)).toContain('invoice.sent');

    const due = r.clock.now() + 30 * 86400;
    await item(c.id, 100);
    const fixed = await r.stripe.invoices.create({
      customer: c.id,
      collection_method: 'send_invoice',
      due_date: due,
      pending_invoice_items_behavior: 'include',
    });
    expect(fixed.due_date).toBe(due);
    expect((await r.stripe.invoices.finalizeInvoice(fixed.id)).due_date).toBe(due);
    const listed = await r.stripe.invoices.list({ customer: c.id, collection_method: 'send_invoice', due_date: { gte: due } });
    expect(listed.data.map((i) => i.id)).toEqual([fixed.id]);
  });

  it('charges the default card automatically and records the invoice payment', async () => {
    const c = await customer({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    await item(c.id, 2599);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    expect(inv.automatically_finalizes_at).toBe(r.clock.now() + 3600);
    const fin = await r.stripe.invoices.finalizeInvoice(inv.id);
    expect(fin).toMatchObject({ status: 'paid', amount_paid: 2599, amount_remaining: 0, attempt_count: 1, attempted: true });
    const got = await r.stripe.invoices.retrieve(inv.id, { expand: ['payments'] });
    expect(got.payments?.data).toHaveLength(1);
    expect(got.payments?.data[0]).toMatchObject({ object: 'invoice_payment', status: 'paid', amount_paid: 2599, invoice: inv.id, is_default: true });
    expect(await eventTypes(inv.id)).toEqual([
      'invoice.created',
      'invoice.finalized',
      'invoice.updated',
      'invoice.paid',
      'invoice.payment_succeeded',
    ]);
  });

  it('leaves the invoice open when the card is declined', async () => {
    const c = await customer({
      payment_method: 'pm_card_chargeCustomerFail',
      invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' },
    });
    await item(c.id, 1000);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include' });
    const fin = await r.stripe.invoices.finalizeInvoice(inv.id, { auto_advance: true });
    expect(fin).toMatchObject({ status: 'open', attempt_count: 1, attempted: true, amount_paid: 0, amount_remaining: 1000 });
    expect(fin.next_payment_attempt).toBe(r.clock.now() + 1 * 86400); // the default schedule retries 1 day after the first attempt
    expect(await eventTypes(inv.id)).toContain('invoice.payment_failed');

    const err = await expectStripeError(r.stripe.invoices.pay(inv.id), { status: 402, type: 'card_error' });
    expect(err.code).toBe('card_declined');
    const after = await r.stripe.invoices.retrieve(inv.id);
    expect(after.attempt_count).toBe(2);
    expect(after.status).toBe('open');

    const paid = await r.stripe.invoices.pay(inv.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'paid', amount_paid: 1000, attempt_count: 3 });
  });

  it('voids an open invoice and returns the credit it used', async () => {
    const c = await customer({ balance: -200 });
    await item(c.id, 1000);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 7 });
    await r.stripe.invoices.finalizeInvoice(inv.id);
    const v = await r.stripe.invoices.voidInvoice(inv.id);
    expect(v.status).toBe('void');
    expect(v.status_transitions.voided_at).toBe(r.clock.now());
    expect(((await r.stripe.customers.retrieve(c.id)) as Stripe.Customer).balance).toBe(-200);
    expect(await eventTypes(inv.id)).toContain('invoice.voided');
    await expectStripeError(r.stripe.invoices.pay(inv.id, { paid_out_of_band: true }), { status: 400 });
  });

  it('marks an invoice uncollectible, then it can still be paid', async () => {
    const c = await customer();
    await item(c.id, 800);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', collection_method: 'send_invoice', days_until_due: 7 });
    await r.stripe.invoices.finalizeInvoice(inv.id);
    const u = await r.stripe.invoices.markUncollectible(inv.id);
    expect(u.status).toBe('uncollectible');
    expect(u.status_transitions.marked_uncollectible_at).toBe(r.clock.now());
    const p = await r.stripe.invoices.pay(inv.id, { paid_out_of_band: true });
    expect(p).toMatchObject({ status: 'paid', amount_paid: 800 });
    expect(await eventTypes(inv.id)).toEqual(expect.arrayContaining(['invoice.marked_uncollectible', 'invoice.paid']));
  });

  it('updates and deletes drafts; lists, searches and pages lines', async () => {
    const c = await customer();
    for (let n = 1; n <= 12; n++) await item(c.id, n * 100);
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', metadata: { order: '42' } });
    expect(inv.lines.data).toHaveLength(10);
    expect(inv.lines.has_more).toBe(true);
    expect(inv.subtotal).toBe(7800); // 100 × (1 + … + 12)
    const all = [];
    for await (const l of r.stripe.invoices.listLineItems(inv.id, { limit: 5 })) all.push(l.amount);
    expect(all).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);

    const u = await r.stripe.invoices.update(inv.id, { description: 'Edited', metadata: { order: '', po: 'PO-1' } });
    expect(u).toMatchObject({ description: 'Edited', metadata: { po: 'PO-1' } });

    const found = await r.stripe.invoices.search({ query: `customer:'${c.id}' AND metadata['po']:'PO-1' AND total>7000` });
    expect(found.data.map((i) => i.id)).toEqual([inv.id]);
    const listed = await r.stripe.invoices.list({ customer: c.id, status: 'draft' });
    expect(listed.data.map((i) => i.id)).toEqual([inv.id]);

    const d = await r.stripe.invoices.del(inv.id);
    expect(d).toEqual({ id: inv.id, object: 'invoice', deleted: true });
    await expectStripeError(r.stripe.invoices.retrieve(inv.id), { status: 404, code: 'resource_missing' });
    const pending = await r.stripe.invoiceItems.list({ customer: c.id, pending: true, limit: 100 });
    expect(pending.data).toHaveLength(12);
  });

  it('answers bad input with Stripe-shaped errors naming the param', async () => {
    const c = await customer();
    await expectStripeError(r.stripe.invoices.create({} as any), { status: 400, code: 'parameter_missing', param: 'customer' });
    await expectStripeError(r.stripe.invoices.create({ customer: 'cus_nope' }), { status: 404, param: 'customer' });
    await expectStripeError(r.stripe.invoices.create({ customer: c.id, collection_method: 'send_invoice' }), {
      status: 400,
      param: 'days_until_due',
    });
    await expectStripeError(r.stripe.invoices.create({ customer: c.id, days_until_due: 5 }), { status: 400, param: 'days_until_due' });
    await expectStripeError(r.stripe.invoices.create({ customer: c.id, collection_method: 'weekly' as any }), {
      status: 400,
      param: 'collection_method',
    });
    await expectStripeError(r.stripe.invoices.create({ customer: c.id, discounts: [{ coupon: 'nope' }] }), {
      status: 404,
      param: 'discounts[0][coupon]',
    });
    await expectStripeError(r.stripe.invoices.create({ customer: c.id, default_tax_rates: ['txr_nope'] }), {
      param: 'default_tax_rates[0]',
    });
    await expectStripeError(r.stripe.invoices.retrieve('in_nope'), { status: 404, code: 'resource_missing', param: 'id' });
    await expectStripeError(r.stripe.invoices.finalizeInvoice('in_nope'), { status: 404 });
    await expectStripeError(r.stripe.invoices.list({ status: 'late' as any }), { status: 400, param: 'status' });
    await expectStripeError(r.stripe.invoices.search({ query: 'colour:"red"' }), { status: 400, param: 'query' });
  });
});
