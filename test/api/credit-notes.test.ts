// Credit notes through the official client: credited to the balance and consumed by the next
// invoice, refunded to the card, lowering an open invoice, preview, lines, void, refusals, and the
// seed 002 plan change (cancel with prorated credit; unused time to the card or the balance).
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { expectStripeError, recurForFile } from '../support/recur.ts';
import { DAY, FEB_1, JAN_1 } from '../support/calendar.ts';
import { eventTypesOfCustomer } from '../support/events.ts';
import { clockedCustomer } from '../support/clocked-customer.ts';

const r = recurForFile();

const monthly = (amount: number) =>
  r.stripe.prices.create({ currency: 'usd', unit_amount: amount, recurring: { interval: 'month' }, product_data: { name: `Plan ${amount}` } });
const invoicesOf = async (subscription: string) => (await r.stripe.invoices.list({ subscription, limit: 100 })).data.reverse();
const balanceOf = async (customer: string) => ((await r.stripe.customers.retrieve(customer)) as Stripe.Customer).balance;
const eventTypes = (customerId: string) => eventTypesOfCustomer(r, customerId);

/** An open send_invoice invoice with two lines: 3 seats × 1,000 and a setup fee of 2,500. */
async function openInvoice() {
  const customer = await r.stripe.customers.create({ email: 'cn@example.com' });
  const seats = await r.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', unit_amount_decimal: '1000' as any, quantity: 3, description: 'Seats' });
  await r.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', amount: 2500, description: 'Setup' });
  const draft = await r.stripe.invoices.create({ customer: customer.id, collection_method: 'send_invoice', days_until_due: 30, pending_invoice_items_behavior: 'include' });
  const invoice = await r.stripe.invoices.finalizeInvoice(draft.id);
  const lines = (await r.stripe.invoices.listLineItems(invoice.id)).data;
  const seatLine = lines.find((l) => l.description === 'Seats')!;
  expect([invoice.status, invoice.amount_due, seats.id.startsWith('ii_')]).toEqual(['open', 5500, true]);
  return { customer, invoice, seatLine };
}

describe('credit notes', () => {
  it('a credit note to the balance is consumed by the next invoice, to the cent', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await monthly(3000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [first] = await invoicesOf(sub.id);
    expect(first).toMatchObject({ status: 'paid', amount_paid: 3000 });

    const cn = await r.stripe.creditNotes.create({ invoice: first.id, amount: 1234, credit_amount: 1234, reason: 'product_unsatisfactory', memo: 'Outage on Jan 3' });
    expect(cn).toMatchObject({
      object: 'credit_note',
      amount: 1234,
      total: 1234,
      status: 'issued',
      type: 'post_payment',
      post_payment_amount: 1234,
      pre_payment_amount: 0,
      invoice: first.id,
      customer: customer.id,
      reason: 'product_unsatisfactory',
      memo: 'Outage on Jan 3',
      created: JAN_1,
      number: `${first.number}-CN-01`,
    });
    expect(cn.id).toMatch(/^cn_/);
    expect(cn.customer_balance_transaction).toMatch(/^cbtxn_/);
    const txn = await r.stripe.customers.retrieveBalanceTransaction(customer.id, cn.customer_balance_transaction as string);
    expect(txn).toMatchObject({ type: 'credit_note', amount: -1234, credit_note: cn.id, invoice: first.id, ending_balance: -1234 });
    expect(await balanceOf(customer.id)).toBe(-1234);
    expect(await r.stripe.invoices.retrieve(first.id)).toMatchObject({ post_payment_credit_notes_amount: 1234, pre_payment_credit_notes_amount: 0, amount_paid: 3000 });

    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: FEB_1 + 2 * 3600 });
    const [, renewal] = await invoicesOf(sub.id);
    // 3,000 − 1,234 of credit = 1,766 charged.
    expect(renewal).toMatchObject({ status: 'paid', total: 3000, starting_balance: -1234, ending_balance: 0, amount_due: 1766, amount_paid: 1766 });
    expect(await balanceOf(customer.id)).toBe(0);
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('credit_note.'))).toEqual(['credit_note.created']);
  });

  it('a credit note refunded to the card goes through a refund on the invoice charge', async () => {
    const { customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await monthly(4000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 2 }] });
    const [first] = await invoicesOf(sub.id);
    const [line] = first.lines.data;
    // One seat of two: 8,000 × 1/2 = 4,000, all of it back to the card.
    const cn = await r.stripe.creditNotes.create({
      invoice: first.id,
      lines: [{ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1 }],
      refund_amount: 4000,
      reason: 'order_change',
      metadata: { ticket: 'T-9' },
    });
    expect(cn).toMatchObject({ total: 4000, subtotal: 4000, post_payment_amount: 4000, customer_balance_transaction: null, metadata: { ticket: 'T-9' } });
    expect(cn.lines.data).toHaveLength(1);
    expect(cn.lines.data[0]).toMatchObject({ type: 'invoice_line_item', invoice_line_item: line.id, quantity: 1, amount: 4000, unit_amount: 4000 });
    expect(cn.refunds).toHaveLength(1);
    const refund = await r.stripe.refunds.retrieve(cn.refunds[0].refund as string);
    expect(refund).toMatchObject({ amount: 4000, status: 'succeeded' });
    const charge = await r.stripe.charges.retrieve(refund.charge as string);
    expect([charge.amount, charge.amount_refunded, charge.refunded]).toEqual([8000, 4000, false]);
    expect(await balanceOf(customer.id)).toBe(0);

    // Only 4,000 is left to credit: 4,001 is refused and changes nothing.
    const err = await expectStripeError(r.stripe.creditNotes.create({ invoice: first.id, amount: 4001, refund_amount: 4001 }), { status: 400, param: 'amount' });
    expect(err.message).toContain('4000');
    expect((await r.stripe.charges.retrieve(charge.id)).amount_refunded).toBe(4000);
    expect((await r.stripe.creditNotes.list({ invoice: first.id })).data).toHaveLength(1);
    // The sum of where the money goes must match the total.
    await expectStripeError(r.stripe.creditNotes.create({ invoice: first.id, amount: 1000, refund_amount: 400, credit_amount: 500 }), { status: 400, param: 'refund_amount' });
    // A refund to the card cannot be undone: such a credit note cannot be voided.
    await expectStripeError(r.stripe.creditNotes.voidCreditNote(cn.id), { status: 400 });
  });

  it('a refund the processor refuses issues no credit note, announces nothing and leaves the invoice as it was', async () => {
    const { customer } = await clockedCustomer(r.stripe, JAN_1, 'pm_card_refundFail');
    const price = await monthly(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [first] = await invoicesOf(sub.id);
    const err = await expectStripeError(r.stripe.creditNotes.create({ invoice: first.id, amount: 800, refund_amount: 500, credit_amount: 300 }), { status: 400, param: 'refund_amount' });
    expect(err.message).toContain('no credit note was issued');
    expect((await r.stripe.creditNotes.list({ invoice: first.id })).data).toEqual([]);
    expect((await r.stripe.invoices.retrieve(first.id)).post_payment_credit_notes_amount).toBe(0);
    expect((await r.stripe.charges.list({ customer: customer.id })).data[0].amount_refunded).toBe(0);
    // Neither the credit note nor its balance part was ever announced; the refund's failure was.
    const types = await eventTypes(customer.id);
    expect(types.filter((t) => t.startsWith('credit_note.') || t.startsWith('customer.balance_transaction.'))).toEqual([]);
    expect(types).toContain('refund.failed');
    expect(await balanceOf(customer.id)).toBe(0);
    // The whole invoice can still be credited, and is numbered as the first.
    const cn = await r.stripe.creditNotes.create({ invoice: first.id, amount: 2000 });
    expect([cn.status, cn.number]).toEqual(['issued', `${first.number}-CN-01`]);
  });

  it('a credit note refunded to the card and to the balance is issued after its refund, its events in that order', async () => {
    const { customer } = await clockedCustomer(r.stripe, JAN_1);
    const price = await monthly(2000);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const [first] = await invoicesOf(sub.id);
    // 800 back: 500 to the card, 300 to the balance.
    const cn = await r.stripe.creditNotes.create({ invoice: first.id, amount: 800, refund_amount: 500, credit_amount: 300 });
    expect(cn).toMatchObject({ status: 'issued', total: 800 });
    expect(cn.refunds.map((x) => x.amount_refunded)).toEqual([500]);
    expect(cn.customer_balance_transaction).toMatch(/^cbtxn_/);
    expect(await balanceOf(customer.id)).toBe(-300);
    expect(await r.stripe.creditNotes.retrieve(cn.id)).toEqual(cn);
    const types = (await eventTypes(customer.id)).filter((t) => ['refund.created', 'charge.refunded', 'credit_note.created', 'customer.balance_transaction.created'].includes(t));
    expect(types).toEqual(['refund.created', 'charge.refunded', 'customer.balance_transaction.created', 'credit_note.created']);
  });

  it('on an open invoice a credit note lowers what is due; preview, lines, update, void, list', async () => {
    const { customer, invoice, seatLine } = await openInvoice();
    const params: Stripe.CreditNoteCreateParams = {
      invoice: invoice.id,
      lines: [
        { type: 'invoice_line_item', invoice_line_item: seatLine.id, quantity: 2 },
        { type: 'custom_line_item', unit_amount: 300, quantity: 2, description: 'Goodwill' },
      ],
    };
    const preview = await r.stripe.creditNotes.preview(params);
    // 2 of 3 seats (2,000) + 2 × 300 goodwill = 2,600.
    expect(preview).toMatchObject({ total: 2600, type: 'pre_payment', pre_payment_amount: 2600 });
    const previewLines = await r.stripe.creditNotes.listPreviewLineItems({ ...params, limit: 1 });
    expect([previewLines.data.map((l) => l.amount), previewLines.has_more]).toEqual([[2000], true]);
    expect((await r.stripe.invoices.retrieve(invoice.id)).amount_due).toBe(5500);
    expect((await r.stripe.creditNotes.list({ invoice: invoice.id })).data).toHaveLength(0);

    const cn = await r.stripe.creditNotes.create(params);
    expect(cn).toMatchObject({ total: 2600, pre_payment_amount: 2600, post_payment_amount: 0, refunds: [], customer_balance_transaction: null });
    let inv = await r.stripe.invoices.retrieve(invoice.id);
    // 5,500 − 2,600 = 2,900 still due.
    expect(inv).toMatchObject({ status: 'open', amount_due: 2900, amount_remaining: 2900, pre_payment_credit_notes_amount: 2600, post_payment_credit_notes_amount: 0 });
    const lines = await r.stripe.creditNotes.listLineItems(cn.id);
    expect(lines.data.map((l) => [l.type, l.amount, l.quantity])).toEqual([
      ['invoice_line_item', 2000, 2],
      ['custom_line_item', 600, 2],
    ]);
    const page2 = await r.stripe.creditNotes.listLineItems(cn.id, { limit: 1, starting_after: lines.data[0].id });
    expect(page2.data.map((l) => l.amount)).toEqual([600]);

    // Above what is left (2,900) → 400, nothing changes; refund_amount on an open invoice → 400.
    await expectStripeError(r.stripe.creditNotes.create({ invoice: invoice.id, amount: 2901 }), { status: 400, param: 'amount' });
    await expectStripeError(r.stripe.creditNotes.create({ invoice: invoice.id, amount: 100, refund_amount: 100 }), { status: 400, param: 'refund_amount' });
    await expectStripeError(
      r.stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'invoice_line_item', invoice_line_item: seatLine.id, quantity: 4 }] }),
      { status: 400, param: 'lines[0]' },
    );
    await expectStripeError(r.stripe.creditNotes.create({ invoice: 'in_missing', amount: 1 }), { status: 404, param: 'invoice' });
    await expectStripeError(
      r.stripe.creditNotes.create({ invoice: invoice.id, lines: [{ type: 'custom_line_item', unit_amount: 100, description: 'x', tax_rates: ['txr_1'] }] }),
      { status: 400, param: 'lines[0][tax_rates]' },
    );
    expect((await r.stripe.invoices.retrieve(invoice.id)).amount_due).toBe(2900);

    const updated = await r.stripe.creditNotes.update(cn.id, { memo: 'Two seats unused', metadata: { k: 'v' } });
    expect(updated).toMatchObject({ memo: 'Two seats unused', metadata: { k: 'v' } });
    expect(await r.stripe.creditNotes.retrieve(cn.id)).toEqual(updated);

    const voided = await r.stripe.creditNotes.voidCreditNote(cn.id);
    expect(voided.status).toBe('void');
    expect(voided.voided_at).toBeTypeOf('number');
    inv = await r.stripe.invoices.retrieve(invoice.id);
    expect(inv).toMatchObject({ amount_due: 5500, amount_remaining: 5500, pre_payment_credit_notes_amount: 0 });
    await expectStripeError(r.stripe.creditNotes.voidCreditNote(cn.id), { status: 400 });

    // Crediting everything left settles the invoice.
    const all = await r.stripe.creditNotes.create({ invoice: invoice.id, amount: 5500, reason: 'duplicate' });
    inv = await r.stripe.invoices.retrieve(invoice.id);
    expect(inv).toMatchObject({ status: 'paid', amount_remaining: 0, pre_payment_credit_notes_amount: 5500 });
    expect((await r.stripe.creditNotes.list({ customer: customer.id })).data.map((c) => c.id)).toEqual([all.id, cn.id]);
    expect((await eventTypes(customer.id)).filter((t) => t.startsWith('credit_note.'))).toEqual([
      'credit_note.created',
      'credit_note.updated',
      'credit_note.voided',
      'credit_note.created',
    ]);
  });

  it('a credit note on an invoice in dunning lowers what the next attempt charges', async () => {
    const customer = await r.stripe.customers.create({ email: 'dunning-cn@example.com', payment_method: 'pm_card_chargeCustomerFail', invoice_settings: { default_payment_method: 'pm_card_chargeCustomerFail' } });
    await r.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', amount: 5000, description: 'Annual support' });
    const draft = await r.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
    await expectStripeError(r.stripe.invoices.finalizeInvoice(draft.id).then(() => r.stripe.invoices.pay(draft.id)), { status: 402 });
    const failed = await r.stripe.invoices.retrieve(draft.id);
    expect([failed.status, failed.amount_remaining]).toEqual(['open', 5000]);
    await r.stripe.creditNotes.create({ invoice: draft.id, amount: 1200, reason: 'order_change' });
    const card = await r.stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id });
    const paid = await r.stripe.invoices.pay(draft.id, { payment_method: card.id });
    // 5,000 − 1,200 = 3,800 charged.
    expect(paid).toMatchObject({ status: 'paid', total: 5000, pre_payment_credit_notes_amount: 1200, amount_paid: 3800 });
    const charges = (await r.stripe.charges.list({ customer: customer.id })).data;
    expect(charges.find((c) => c.status === 'succeeded')?.amount).toBe(3800);
  });

  it('seed 002 plan change: cancel with prorated credit to the balance, consumed by the next subscription', async () => {
    const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
    const basic = await monthly(3100);
    const premium = await monthly(6200);
    const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
    // Jan 11: 21 of 31 days unused. The customer changes plan by cancelling with a prorated credit.
    await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * DAY });
    await r.stripe.subscriptions.cancel(sub.id, { prorate: true, invoice_now: true });
    // 3,100 × 21/31 = 2,100 of unused time, credited to the balance.
    expect(await balanceOf(customer.id)).toBe(-2100);
    const next = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: premium.id }] });
    const [inv] = await invoicesOf(next.id);
    // 6,200 − 2,100 = 4,100 charged.
    expect(inv).toMatchObject({ status: 'paid', total: 6200, starting_balance: -2100, amount_due: 4100, amount_paid: 4100 });
    expect(await balanceOf(customer.id)).toBe(0);
  });

  it('seed 002 plan change: the unused time refunded to the card, or to the balance, by a credit note', async () => {
    for (const to of ['card', 'balance'] as const) {
      const { clock, customer } = await clockedCustomer(r.stripe, JAN_1);
      const basic = await monthly(3100);
      const sub = await r.stripe.subscriptions.create({ customer: customer.id, items: [{ price: basic.id }] });
      const [paid] = await invoicesOf(sub.id);
      await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: JAN_1 + 10 * DAY });
      await r.stripe.subscriptions.cancel(sub.id);
      // 3,100 × 21/31 = 2,100 unused.
      const unused = 2100;
      const cn = await r.stripe.creditNotes.create({
        invoice: paid.id,
        lines: [{ type: 'invoice_line_item', invoice_line_item: paid.lines.data[0].id, amount: unused }],
        ...(to === 'card' ? { refund_amount: unused } : { credit_amount: unused }),
        reason: 'order_change',
      });
      expect(cn).toMatchObject({ total: 2100, created: JAN_1 + 10 * DAY });
      const charge = (await r.stripe.charges.list({ customer: customer.id })).data[0];
      expect(charge.amount_refunded).toBe(to === 'card' ? 2100 : 0);
      expect(await balanceOf(customer.id)).toBe(to === 'card' ? 0 : -2100);
      expect((await r.stripe.invoices.retrieve(paid.id)).post_payment_credit_notes_amount).toBe(2100);
    }
  });
});
