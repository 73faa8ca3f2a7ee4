// Property: over random sequences of balance credits, invoices (paid by card and balance) and
// refunds, through the official client, the books reconcile: each invoice's total is what was
// charged plus what the balance covered, the customer's balance is the credits minus what the
// invoices consumed, and the money kept (charges minus refunds) is what invoices collected minus
// what was refunded. (Credit notes are not part of it: Recur has none yet.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type Stripe from 'stripe';
import { startRecur, type TestRecur } from '../support/recur.ts';

let r: TestRecur;
beforeAll(async () => {
  r = await startRecur();
});
afterAll(() => r.close());

type Op = { kind: 'credit'; amount: number } | { kind: 'invoice'; amount: number } | { kind: 'refund'; pick: number; share: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('credit' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('invoice' as const), amount: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ kind: fc.constant('refund' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
);

async function run(ops: Op[]) {
  const customer = await r.stripe.customers.create({ payment_method: 'pm_card_visa', invoice_settings: { default_payment_method: 'pm_card_visa' } });
  let credited = 0;
  let refundedTotal = 0;
  const invoiceIds: string[] = [];
  for (const o of ops) {
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
      const charges = (await r.stripe.charges.list({ customer: customer.id, limit: 100 })).data.filter((c) => c.status === 'succeeded' && !c.refunded);
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
  const charges = (await r.stripe.charges.list({ customer: customer.id, limit: 100 })).data.filter((c) => c.status === 'succeeded');
  const balance = ((await r.stripe.customers.retrieve(customer.id)) as Stripe.Customer).balance;

  // Each invoice: total = charged (amount_paid) + covered by the balance (ending − starting).
  for (const i of invoices) expect(i.total).toBe(i.amount_paid + (i.ending_balance! - i.starting_balance));
  // The balance: credits given minus what the invoices consumed.
  const consumed = invoices.reduce((sum, i) => sum + (i.ending_balance! - i.starting_balance), 0);
  expect(balance).toBe(-credited + consumed);
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
