// Property: over random sequences of balance credits, invoices (paid by card and balance),
// refunds, credit notes (to the card, the balance or out of band) and disputes (won or lost),
// through the official client, the books reconcile: each invoice's total is what was charged plus
// what the balance covered, and its credit notes never exceed it; the customer's balance is the
// credits (manual and from credit notes) minus what the invoices consumed; the money kept
// (charges minus refunds) is what invoices collected minus what was refunded (directly or by
// credit notes); a dispute's balance transactions net to 0 when won and −(amount + fee) when lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

type Op =
  | { kind: 'credit'; amount: number }
  | { kind: 'invoice'; amount: number }
  | { kind: 'refund'; pick: number; share: number }
  | { kind: 'creditNote'; pick: number; share: number; to: 'refund' | 'credit' | 'out_of_band' }
  | { kind: 'dispute'; amount: number; won: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('credit' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('invoice' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({
    kind: fc.constant('creditNote' as const),
    pick: fc.nat(),
    share: fc.integer({ min: 1, max: 100 }),
    to: fc.constantFrom('refund' as const, 'credit' as const, 'out_of_band' as const),
  }),
  fc.record({ kind: fc.constant('dispute' as const), amount: fc.integer({ min: 1, max: 5000 }), won: fc.boolean() }),
);

const START = 1_767_225_600; // 2026-01-01T00:00:00Z

async function run(ops: Op[]) {
  const clock = await r.stripe.testHelpers.testClocks.create({ frozen_time: START });
  let now = START;
  const customer = await r.stripe.customers.create({ test_clock: clock.id, payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  let credited = 0;
  let refundedTotal = 0;
  let creditNoteCredits = 0;
  const invoiceIds: string[] = [];
  const disputeIntents = new Set<string>();
  const disputes: Array<{ id: string; amount: number; won: boolean }> = [];
  for (const o of ops) {
    if (o.kind === 'creditNote') {
      if (!invoiceIds.length) continue;
      const inv = await r.stripe.invoices.retrieve(invoiceIds[o.pick % invoiceIds.length], { expand: ['payments'] });
      const creditable = inv.total - inv.post_payment_credit_notes_amount - inv.pre_payment_credit_notes_amount;
      if (creditable <= 0) continue;
      const amount = Math.max(1, Math.floor((creditable * o.share) / 100));
      let to = o.to;
      if (to === 'refund') {
        // Only what the invoice's charge can still give back goes to the card.
        const intent = inv.payments?.data.find((p) => p.status === 'paid')?.payment.payment_intent as string | undefined;
        const charge = intent ? (await r.stripe.charges.list({ payment_intent: intent })).data.find((c) => c.status === 'succeeded') : undefined;
        if (!charge || charge.amount - charge.amount_refunded < amount) to = 'credit';
      }
      const cn = await r.stripe.creditNotes.create({ invoice: inv.id, amount, [`${to}_amount`]: amount });
      expect(cn.total).toBe(amount);
      if (to === 'refund') refundedTotal += amount;
      if (to === 'credit') creditNoteCredits += amount;
      continue;
    }
    if (o.kind === 'dispute') {
      const pi = await r.stripe.paymentIntents.create({ amount: o.amount, currency: 'usd', customer: customer.id, payment_method: 'pm_card_createDispute', confirm: true });
      disputeIntents.add(pi.id);
      now += 120;
      await r.stripe.testHelpers.testClocks.advance(clock.id, { frozen_time: now });
      const [d] = (await r.stripe.disputes.list({ payment_intent: pi.id })).data;
      await r.stripe.disputes.update(d.id, { evidence: { uncategorized_text: o.won ? 'winning_evidence' : 'losing_evidence' }, submit: true });
      disputes.push({ id: d.id, amount: o.amount, won: o.won });
      continue;
    }
    if (o.kind === 'credit') {
      await r.stripe.customers.createBalanceTransaction(customer.id, { amount: -o.amount, currency: 'usd' });
      credited += o.amount;
    } else if (o.kind === 'invoice') {
      await r.stripe.invoiceItems.create({ customer: customer.id, amount: o.amount, currency: 'usd' });
      const draft = await r.stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', auto_advance: true });
      const inv = await r.stripe.invoices.finalizeInvoice(draft.id);
      expect(inv.status).toBe('paid');
      invoiceIds.push(inv.id);
    } else {
      const charges = (await r.stripe.charges.list({ customer: customer.id, limit: 100 })).data.filter((c) => c.status === 'succeeded' && !c.refunded && !c.disputed);
      if (!charges.length) continue;
      const ch = charges[o.pick % charges.length];
      const left = ch.amount - ch.amount_refunded;
      const amount = Math.max(1, Math.floor((left * o.share) / 100));
      const refund = await r.stripe.refunds.create({ charge: ch.id, amount });
      expect(refund.status).toBe('succeeded');
      refundedTotal += amount;
    }
  }
  const invoices: Stripe.Invoice[] = await Promise.all(invoiceIds.map((id) => r.stripe.invoices.retrieve(id)));
  const charges = (await r.stripe.charges.list({ customer: customer.id, limit: 100 })).data.filter(
    (c) => c.status === 'succeeded' && !disputeIntents.has(c.payment_intent as string),
  );
  const balance = ((await r.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance;

  // Each invoice: total = charged (amount_paid) + covered by the balance (ending − starting).
  for (const i of invoices) expect(i.total).toBe(i.amount_paid + (i.ending_balance! - i.starting_balance));
  // Credit notes never credit more than the invoice's total.
  for (const i of invoices) expect(i.post_payment_credit_notes_amount).toBeLessThanOrEqual(i.total);
  const notes = (await r.stripe.creditNotes.list({ customer: customer.id, limit: 100 })).data;
  for (const i of invoices)
    expect(notes.filter((n) => n.invoice === i.id).reduce((s, n) => s + n.total, 0)).toBe(i.post_payment_credit_notes_amount);
  // The balance: credits given (manual and by credit notes) minus what the invoices consumed.
  const consumed = invoices.reduce((sum, i) => sum + (i.ending_balance! - i.starting_balance), 0);
  expect(balance).toBe(-credited - creditNoteCredits + consumed);
  // Disputes: won ones cost nothing in the end; lost ones the amount and the 1,500 fee.
  for (const d of disputes) {
    const got = await r.stripe.disputes.retrieve(d.id);
    expect(got.status).toBe(d.won ? 'won' : 'lost');
    expect(got.balance_transactions.reduce((s, t) => s + t.net, 0)).toBe(d.won ? 0 : -(d.amount + 1500));
  }
  // The money: charges are exactly what invoices collected; refunds show on them.
  expect(charges.reduce((s, c) => s + c.amount, 0)).toBe(invoices.reduce((s, i) => s + i.amount_paid, 0));
  expect(charges.reduce((s, c) => s + c.amount_refunded, 0)).toBe(refundedTotal);
  for (const c of charges) expect(c.refunded).toBe(c.amount_refunded === c.amount);
}

describe('reconciliation (property)', () => {
  it('balances, charges, refunds and invoice totals agree over random sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), run), { numRuns: 8 });
  });
});
