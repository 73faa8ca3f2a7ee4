import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { creditableAmount, invoiceAfterCreditNote, planCreditNote, type CreditNoteContext } from './credit-note-plan.ts';

const tax = (amount: number, taxable: number, behavior: 'exclusive' | 'inclusive' = 'exclusive') =>
  ({ amount, taxable_amount: taxable, tax_behavior: behavior, tax_rate_details: { tax_rate: 'txr_1' }, taxability_reason: 'not_available', type: 'tax_rate_details' }) as Stripe.InvoiceLineItem.Tax;

const line = (id: string, amount: number, quantity: number, extra: Partial<Stripe.InvoiceLineItem> = {}) =>
  ({ id, amount, quantity, description: id, discount_amounts: [], taxes: [], ...extra }) as unknown as Stripe.InvoiceLineItem;

const invoice = (status: 'open' | 'paid', total: number, extra: Partial<Stripe.Invoice> = {}) =>
  ({ id: 'in_1', status, currency: 'usd', total, amount_due: total, amount_remaining: status === 'open' ? total : 0, pre_payment_credit_notes_amount: 0, post_payment_credit_notes_amount: 0, ...extra }) as Stripe.Invoice;

// Seats: 3 × 1,000 with a 300 discount and 10% tax on 2,700 = 270; setup 2,500 untaxed. Total 3,000 − 300 + 270 + 2,500 = 5,470.
const seats = line('il_seats', 3000, 3, { discount_amounts: [{ amount: 300, discount: 'di_1' }], taxes: [tax(270, 2700)] });
const setup = line('il_setup', 2500, 1);
const ctx = (status: 'open' | 'paid', refundable = 0, extra: Partial<Stripe.Invoice> = {}): CreditNoteContext => ({
  invoice: invoice(status, 5470, extra),
  lines: [seats, setup],
  refundable,
});

describe('credit note plan', () => {
  it('credits a share of an invoice line with its discount and tax in proportion', () => {
    const r = planCreditNote(ctx('paid', 5470), { lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_seats', quantity: 1 }], refund_amount: 990 });
    if (!r.ok) throw new Error(r.message);
    // 1 of 3 seats: 1,000; discount 300 / 3 = 100; tax 270 / 3 = 90 → 1,000 − 100 + 90 = 990
    expect([r.plan.subtotal, r.plan.discount_amount, r.plan.total, r.plan.total_excluding_tax]).toEqual([1000, 100, 990, 900]);
    expect(r.plan.lines[0]).toMatchObject({ amount: 1000, discount_amount: 100, quantity: 1, unit_amount: 1000 });
    expect(r.plan.lines[0].taxes![0]).toMatchObject({ amount: 90, taxable_amount: 900 });
    expect(r.plan.total_taxes).toMatchObject([{ amount: 90, taxable_amount: 900, tax_behavior: 'exclusive' }]);
    expect(r.plan.refund_amount).toBe(990);
  });

  it('where the money goes must add up to the total; a paid invoice defaults to the balance', () => {
    const line1 = [{ type: 'invoice_line_item' as const, invoice_line_item: 'il_seats', quantity: 1 }];
    expect(planCreditNote(ctx('paid', 5470), { lines: line1, refund_amount: 500, credit_amount: 400 })).toMatchObject({ ok: false, param: 'refund_amount' });
    const split = planCreditNote(ctx('paid', 5470), { lines: line1, refund_amount: 590, out_of_band_amount: 400 });
    expect(split.ok && [split.plan.refund_amount, split.plan.credit_amount, split.plan.out_of_band_amount]).toEqual([590, 0, 400]);
    const byDefault = planCreditNote(ctx('paid', 5470), { amount: 1234 });
    expect(byDefault.ok && [byDefault.plan.credit_amount, byDefault.plan.type, byDefault.plan.post_payment_amount]).toEqual([1234, 'post_payment', 1234]);
    // The card can give back only what its charge still holds.
    expect(planCreditNote(ctx('paid', 1000), { amount: 1001, refund_amount: 1001 })).toMatchObject({ ok: false, param: 'refund_amount' });
  });

  it('refuses more than the invoice can still be credited', () => {
    // Paid 5,470, 5,000 already credited: 470 left.
    const credited = ctx('paid', 5470, { post_payment_credit_notes_amount: 5000 });
    expect(creditableAmount(credited.invoice)).toBe(470);
    expect(planCreditNote(credited, { amount: 471 })).toMatchObject({ ok: false, param: 'amount' });
    expect(planCreditNote(credited, { amount: 470 }).ok).toBe(true);
    expect(planCreditNote(ctx('open'), { lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_seats', quantity: 4 }] })).toMatchObject({ ok: false, param: 'lines[0]' });
    expect(planCreditNote(ctx('open'), { lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_nope' }] })).toMatchObject({ ok: false, param: 'lines[0][invoice_line_item]' });
    expect(planCreditNote({ ...ctx('open'), invoice: { ...ctx('open').invoice, status: 'void' } }, { amount: 1 })).toMatchObject({ ok: false, param: 'invoice' });
  });

  it('on an open invoice it lowers what is due, and voiding gives it back', () => {
    const r = planCreditNote(ctx('open'), { lines: [{ type: 'invoice_line_item', invoice_line_item: 'il_setup' }, { type: 'custom_line_item', unit_amount: 150, quantity: 2, description: 'Goodwill' }] });
    if (!r.ok) throw new Error(r.message);
    // 2,500 + 2 × 150 = 2,800 before payment.
    expect([r.plan.total, r.plan.type, r.plan.pre_payment_amount]).toEqual([2800, 'pre_payment', 2800]);
    expect(planCreditNote(ctx('open'), { amount: 10, credit_amount: 10 })).toMatchObject({ ok: false, param: 'credit_amount' });
    const after = invoiceAfterCreditNote(ctx('open').invoice, r.plan, 1);
    // 5,470 − 2,800 = 2,670
    expect([after.amount_due, after.amount_remaining, after.pre_payment_credit_notes_amount]).toEqual([2670, 2670, 2800]);
    const back = invoiceAfterCreditNote(after, r.plan, -1);
    expect([back.amount_due, back.pre_payment_credit_notes_amount]).toEqual([5470, 0]);
  });
});
