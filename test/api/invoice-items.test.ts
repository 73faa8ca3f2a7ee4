import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { eventTypesOfObject } from '../support/events.ts';
import { withPaymentAttempts } from '../../src/services/invoices/with-payment-attempts.ts';
import { processInvoiceDue } from '../../src/services/invoices/process-invoice-due.ts';
import { randomIds } from '../../src/core/ids.ts';
import { FixedClock } from '../../src/core/clock.ts';

const r = recurForFile();

const eventTypes = (id: string) => eventTypesOfObject(r, id);

describe('invoice items through the official client', () => {
  it('creates a pending item by amount, by price and quantity, and by unit_amount_decimal', async () => {
    const c = await r.stripe.customers.create({ name: 'Items' });
    const product = await r.stripe.products.create({ name: 'Seat' });
    const price = await r.stripe.prices.create({ product: product.id, currency: 'eur', unit_amount_decimal: Stripe.Decimal.from('12.345') });

    const byAmount = await r.stripe.invoiceItems.create({ customer: c.id, amount: 1999, currency: 'eur', description: 'Setup', metadata: { k: 'v' } });
    expect(byAmount).toMatchObject({
      object: 'invoiceitem',
      amount: 1999,
      currency: 'eur',
      customer: c.id,
      date: r.clock.now(),
      description: 'Setup',
      discountable: true,
      invoice: null,
      livemode: false,
      metadata: { k: 'v' },
      parent: null,
      period: { start: r.clock.now(), end: r.clock.now() },
      proration: false,
      quantity: 1,
      tax_rates: [],
      test_clock: null,
    });
    expect(byAmount.id).toMatch(/^ii_/);

    const byPrice = await r.stripe.invoiceItems.create({ customer: c.id, pricing: { price: price.id }, quantity: 7 });
    expect(byPrice.amount).toBe(86); // 12.345 × 7 = 86.415 → 86
    expect(byPrice.currency).toBe('eur');
    expect(byPrice.pricing?.price_details).toEqual({ price: price.id, product: product.id });

    const byUnit = await r.stripe.invoiceItems.create({ customer: c.id, unit_amount_decimal: Stripe.Decimal.from('0.5'), quantity: 5, currency: 'eur' });
    expect(byUnit.amount).toBe(3); // 0.5 × 5 = 2.5 → 3 (half away from zero)

    expect(await r.stripe.invoiceItems.retrieve(byAmount.id)).toEqual(byAmount);
    const listed = await r.stripe.invoiceItems.list({ customer: c.id, pending: true });
    expect(listed.data.map((i) => i.id)).toEqual([byUnit.id, byPrice.id, byAmount.id]);
    expect(await eventTypes(byAmount.id)).toEqual(['invoiceitem.created']);
  });

  it('updates and deletes a pending item', async () => {
    const c = await r.stripe.customers.create({});
    const ii = await r.stripe.invoiceItems.create({ customer: c.id, amount: 500, currency: 'usd' });
    const u = await r.stripe.invoiceItems.update(ii.id, { amount: 750, description: 'More', metadata: { a: '1' } });
    expect(u).toMatchObject({ amount: 750, description: 'More', metadata: { a: '1' } });
    const d = await r.stripe.invoiceItems.del(ii.id);
    expect(d).toEqual({ id: ii.id, object: 'invoiceitem', deleted: true });
    await expectStripeError(r.stripe.invoiceItems.retrieve(ii.id), { status: 404, code: 'resource_missing' });
    expect(await eventTypes(ii.id)).toEqual(['invoiceitem.created', 'invoiceitem.updated', 'invoiceitem.deleted']);
  });

  it('adds, changes and removes items on a draft invoice, keeping its totals', async () => {
    const c = await r.stripe.customers.create({});
    const inv = await r.stripe.invoices.create({ customer: c.id, currency: 'usd' });
    expect(inv.total).toBe(0);
    const a = await r.stripe.invoiceItems.create({ customer: c.id, amount: 1000, currency: 'usd', invoice: inv.id });
    const b = await r.stripe.invoiceItems.create({ customer: c.id, amount: 250, currency: 'usd', invoice: inv.id });
    expect(a.invoice).toBe(inv.id);
    expect((await r.stripe.invoices.retrieve(inv.id)).total).toBe(1250);
    await r.stripe.invoiceItems.update(a.id, { amount: 1100 });
    expect((await r.stripe.invoices.retrieve(inv.id)).total).toBe(1350);
    await r.stripe.invoiceItems.del(b.id);
    const after = await r.stripe.invoices.retrieve(inv.id);
    expect(after.total).toBe(1100);
    expect(after.lines.data.map((l) => l.amount)).toEqual([1100]);
    expect((await r.stripe.invoiceItems.list({ invoice: inv.id })).data.map((i) => i.id)).toEqual([a.id]);

    await r.stripe.invoices.finalizeInvoice(inv.id);
    await expectStripeError(r.stripe.invoiceItems.update(a.id, { amount: 1 }), { status: 400 });
    await expectStripeError(r.stripe.invoiceItems.del(a.id), { status: 400 });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, amount: 1, currency: 'usd', invoice: inv.id }), {
      status: 400,
      param: 'invoice',
    });
  });

  it('finalizes an auto-advancing draft when the engine reaches automatically_finalizes_at', async () => {
    const c = await r.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
    await r.stripe.invoiceItems.create({ customer: c.id, amount: 4200, currency: 'usd' });
    const inv = await r.stripe.invoices.create({ customer: c.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    const due = (await r.db.query('SELECT next_action_at FROM invoices WHERE id = $1', [inv.id]))[0].next_action_at;
    expect(due).toBe(inv.automatically_finalizes_at);
    // As the engine does: the due work commits its payment attempt, the charge follows the commit.
    await withPaymentAttempts({ ...r.context(), clock: new FixedClock(due) }, (tx) => processInvoiceDue(tx, inv.id));
    const done = await r.stripe.invoices.retrieve(inv.id);
    expect(done).toMatchObject({ status: 'paid', amount_paid: 4200, attempt_count: 1 });
    expect(done.status_transitions.finalized_at).toBe(due);
    expect((await r.db.query('SELECT next_action_at FROM invoices WHERE id = $1', [inv.id]))[0].next_action_at).toBeNull();
  });

  it('rejects bad input naming the param', async () => {
    const c = await r.stripe.customers.create({});
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, currency: 'usd' }), { status: 400, param: 'amount' });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, amount: 100 }), { status: 400, param: 'currency' });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: 'cus_nope', amount: 100, currency: 'usd' }), {
      status: 404,
      param: 'customer',
    });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, pricing: { price: 'price_nope' } }), {
      code: 'resource_missing',
      param: 'pricing[price]',
    });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, amount: 100, currency: 'usd', tax_rates: ['txr_x'] }), {
      param: 'tax_rates[0]',
    });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, amount: 'x' as any, currency: 'usd' }), {
      status: 400,
      param: 'amount',
    });
    await expectStripeError(r.stripe.invoiceItems.create({ customer: c.id, amount: 1, currency: 'usd', invoice: 'in_nope' }), {
      status: 404,
      param: 'invoice',
    });
    await expectStripeError(r.stripe.invoiceItems.retrieve('ii_nope'), { status: 404, param: 'id' });
  });
});

