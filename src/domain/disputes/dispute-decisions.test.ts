import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { closeDispute, DISPUTE_FEE, openDispute, updateDispute, verdictOf, emptyEvidence } from './dispute-decisions.ts';

const charge = { id: 'ch_1', amount: 5000, amount_captured: 5000, currency: 'usd', payment_intent: 'pi_1' } as Stripe.Charge;
const AT = 1_767_225_660;
const opened = () => {
  const { dispute, withdrawn } = openDispute({ id: 'dp_1', charge, amount: 5000, reason: 'fraudulent', at: AT });
  return { ...dispute, balance_transactions: [{ id: 'txn_1', ...withdrawn }] };
};

describe('disputes', () => {
  it('opening withdraws the amount and the fee', () => {
    const { dispute, withdrawn } = openDispute({ id: 'dp_1', charge, amount: 9000, reason: 'fraudulent', at: AT });
    // No more than the charge captured: 5,000; net −5,000 − 1,500 = −6,500
    expect([dispute.amount, dispute.status, withdrawn.amount, withdrawn.fee, withdrawn.net]).toEqual([5000, 'needs_response', -5000, DISPUTE_FEE, -6500]);
    expect(dispute.evidence_details.due_by).toBe(AT + 7 * 86_400);
  });

  it("judges submitted evidence by Stripe's test words", () => {
    expect(verdictOf({ ...emptyEvidence(), uncategorized_text: 'see winning_evidence' })).toBe('won');
    expect(verdictOf({ ...emptyEvidence(), product_description: 'losing_evidence' })).toBe('lost');
    expect(verdictOf({ ...emptyEvidence(), uncategorized_text: 'receipt attached' })).toBeNull();
  });

  it('a win reinstates amount and fee; saving without submitting keeps it open; closed disputes refuse changes', () => {
    const draft = updateDispute(opened(), { evidence: { customer_name: 'Ada' } }, AT + 10);
    expect(draft.ok && [draft.dispute.status, draft.dispute.evidence_details.has_evidence, draft.closed]).toEqual(['needs_response', true, false]);
    const won = updateDispute(opened(), { evidence: { uncategorized_text: 'winning_evidence' }, submit: true }, AT + 20);
    if (!won.ok) throw new Error(won.message);
    // +5,000 and the 1,500 fee back: net +6,500
    expect([won.dispute.status, won.reinstated?.amount, won.reinstated?.fee, won.reinstated?.net, won.closed]).toEqual(['won', 5000, -1500, 6500, true]);
    expect(updateDispute(won.dispute, { submit: true }, AT + 30).ok).toBe(false);
    const lost = closeDispute(opened());
    expect(lost.ok && [lost.dispute.status, lost.reinstated]).toEqual(['lost', null]);
    expect(lost.ok && closeDispute(lost.dispute).ok).toBe(false);
  });
});
