// A credit note whose refund's answer is lost: it stays pending and out of sight (not listed, not
// retrievable) until the engine learns the refund's outcome and issues it, once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStripeError, startRecur, type TestRecur } from '../support/recur.ts';
import { createTestCardProcessor } from '../../src/payments/test-card-processor.ts';
import { finishStuckRefunds } from '../../src/services/refunds/finish-stuck-refunds.ts';
import { finishPendingCreditNotes } from '../../src/services/credit-notes/create-credit-note.ts';

const processor = createTestCardProcessor();
let lose = 0;
const gateway = {
  ...processor,
  charge: processor.charge.bind(processor),
  async refund(req: Parameters<NonNullable<typeof processor.refund>>[0]) {
    const result = await processor.refund!(req);
    if (lose-- > 0) throw new Error('connection reset after refunding');
    return result;
  },
};

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur({ compose: { gateway } });
});
afterAll(() => r.close());

describe('a credit note whose refund answer is lost', () => {
  it('stays pending and hidden; the engine finishes the refund and issues the credit note once', async () => {
    const made = await r.stripe.customers.create({ email: 'lost@example.com', payment_method: 'pm_card_visa' });
    const pm = (await r.stripe.paymentMethods.list({ customer: made.id, type: 'card' })).data[0];
    const customer = await r.stripe.customers.update(made.id, { invoice_settings: { default_payment_method: pm.id } });
    await r.stripe.invoiceItems.create({ customer: customer.id, currency: 'usd', amount: 3000, description: 'Room booking' });
    const draft = await r.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    const invoice = await r.stripe.invoices.pay(draft.id);
    expect(invoice.status).toBe('paid');

    lose = 1;
    const pending = await r.stripe.creditNotes.create({ invoice: invoice.id, amount: 1200, refund_amount: 1200 });
    expect(pending.refunds).toEqual([]);
    expect((await r.stripe.creditNotes.list({ invoice: invoice.id })).data).toEqual([]);
    await expectStripeError(r.stripe.creditNotes.retrieve(pending.id), { status: 404 });
    // What it credits is held: the invoice cannot be credited beyond the remaining 1,800.
    await expectStripeError(r.stripe.creditNotes.create({ invoice: invoice.id, amount: 1801 }), { status: 400, param: 'amount' });

    expect(await finishStuckRefunds(r.context(), { olderThan: 0 })).toBe(1);
    expect(await finishPendingCreditNotes(r.context())).toBe(1);
    expect(await finishPendingCreditNotes(r.context())).toBe(0);
    const issued = await r.stripe.creditNotes.retrieve(pending.id);
    expect([issued.status, issued.total, issued.refunds.map((x) => x.amount_refunded)]).toEqual(['issued', 1200, [1200]]);
    expect((await r.stripe.creditNotes.list({ invoice: invoice.id })).data.map((x) => x.id)).toEqual([pending.id]);
    const charge = (await r.stripe.charges.list({ customer: customer.id })).data[0];
    expect(charge.amount_refunded).toBe(1200);
    const created = await r.db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'credit_note.created' AND customer_id = $1`, [customer.id]);
    expect(created[0].n).toBe(1);
  });
});
