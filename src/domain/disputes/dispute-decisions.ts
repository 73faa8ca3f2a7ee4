// Disputes (chargebacks), decided: the dispute a processor's report opens (its amount and the
// dispute fee withdrawn), evidence merged and submitted, and the outcome — Stripe's test rule:
// evidence whose text says `winning_evidence` wins, `losing_evidence` loses — with the money a
// win reinstates (the amount and the fee). Accepting a dispute (close) loses it. Pure.
import type Stripe from 'stripe';

/** The fee a dispute costs, in minor units of the charge's currency (Stripe's $15.00). */
export const DISPUTE_FEE = 1500;

/** Days the merchant has to respond (evidence_details.due_by). */
export const EVIDENCE_DAYS = 7;

const DAY = 86_400;

export type EvidenceInput = Partial<Record<keyof Stripe.Dispute.Evidence, string | null>>;

/** A balance movement of a dispute, without its id (the caller gives it one). */
export type DisputeMovement = Omit<Stripe.BalanceTransaction, 'id'>;

function movement(d: Pick<Stripe.Dispute, 'id' | 'currency'>, amount: number, fee: number, at: number, category: 'dispute' | 'dispute_reversal', description: string): DisputeMovement {
  return {
    object: 'balance_transaction',
    amount,
    available_on: at,
    balance_type: 'payments',
    created: at,
    currency: d.currency,
    description,
    exchange_rate: null,
    fee,
    fee_details: fee ? [{ amount: fee, application: null, currency: d.currency, description: 'Dispute fee', type: 'stripe_fee' }] : [],
    net: amount - fee,
    reporting_category: category,
    source: d.id,
    status: 'available',
    type: 'adjustment',
  };
}

const EMPTY_EVIDENCE_FIELDS = [
  'access_activity_log', 'billing_address', 'cancellation_policy', 'cancellation_policy_disclosure', 'cancellation_rebuttal',
  'customer_communication', 'customer_email_address', 'customer_name', 'customer_purchase_ip', 'customer_signature',
  'duplicate_charge_documentation', 'duplicate_charge_explanation', 'duplicate_charge_id', 'product_description', 'receipt',
  'refund_policy', 'refund_policy_disclosure', 'refund_refusal_explanation', 'service_date', 'service_documentation',
  'shipping_address', 'shipping_carrier', 'shipping_date', 'shipping_documentation', 'shipping_tracking_number',
  'uncategorized_file', 'uncategorized_text',
] as const;

export function emptyEvidence(): Stripe.Dispute.Evidence {
  return { ...Object.fromEntries(EMPTY_EVIDENCE_FIELDS.map((k) => [k, null])), enhanced_evidence: {} } as unknown as Stripe.Dispute.Evidence;
}

/** The dispute a report opens on a charge at `at`, and the money it withdraws. */
export function openDispute(input: { id: string; charge: Stripe.Charge; amount: number; reason: string; at: number }): { dispute: Stripe.Dispute; withdrawn: DisputeMovement } {
  const { charge, at } = input;
  const dispute: Stripe.Dispute = {
    id: input.id,
    object: 'dispute',
    amount: Math.min(input.amount, charge.amount_captured),
    balance_transactions: [],
    charge: charge.id,
    created: at,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: { due_by: at + EVIDENCE_DAYS * DAY, enhanced_eligibility: {}, has_evidence: false, past_due: false, submission_count: 0, submission_method: null } as unknown as Stripe.Dispute.EvidenceDetails,
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: typeof charge.payment_intent === 'string' ? charge.payment_intent : (charge.payment_intent?.id ?? null),
    reason: input.reason,
    status: 'needs_response',
  };
  return { dispute, withdrawn: movement(dispute, -dispute.amount, DISPUTE_FEE, at, 'dispute', `Chargeback withdrawal for ${charge.id}`) };
}

/** Whether submitted evidence wins, loses, or leaves the dispute under review (Stripe's test-mode rule). */
export function verdictOf(evidence: Stripe.Dispute.Evidence): 'won' | 'lost' | null {
  const texts = Object.values(evidence).filter((v): v is string => typeof v === 'string');
  if (texts.some((t) => t.includes('winning_evidence'))) return 'won';
  if (texts.some((t) => t.includes('losing_evidence'))) return 'lost';
  return null;
}

export type DisputeChange =
  | { ok: true; dispute: Stripe.Dispute; reinstated: DisputeMovement | null; closed: boolean }
  | { ok: false; message: string };

const OPEN: ReadonlySet<string> = new Set(['needs_response', 'warning_needs_response', 'under_review', 'warning_under_review']);
const RESPONDABLE: ReadonlySet<string> = new Set(['needs_response', 'warning_needs_response']);

/** Evidence merged (and, with `submit`, submitted and judged) at `at`. */
export function updateDispute(d: Stripe.Dispute, input: { evidence?: EvidenceInput; metadata?: Record<string, string>; submit?: boolean }, at: number): DisputeChange {
  if (!RESPONDABLE.has(d.status)) return { ok: false, message: `This dispute is ${d.status}; evidence can no longer be changed.` };
  const evidence = { ...d.evidence, ...(input.evidence ?? {}) } as Stripe.Dispute.Evidence;
  const has_evidence = Object.entries(evidence).some(([k, v]) => k !== 'enhanced_evidence' && typeof v === 'string' && v !== '');
  let dispute: Stripe.Dispute = { ...d, evidence, metadata: input.metadata ?? d.metadata, evidence_details: { ...d.evidence_details, has_evidence } };
  if (!input.submit) return { ok: true, dispute, reinstated: null, closed: false };
  dispute = {
    ...dispute,
    status: d.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review',
    evidence_details: { ...dispute.evidence_details, submission_count: d.evidence_details.submission_count + 1 },
  };
  const verdict = verdictOf(evidence);
  if (!verdict) return { ok: true, dispute, reinstated: null, closed: false };
  if (verdict === 'lost') return { ok: true, dispute: { ...dispute, status: 'lost' }, reinstated: null, closed: true };
  return {
    ok: true,
    dispute: { ...dispute, status: 'won' },
    reinstated: movement(d, d.amount, -DISPUTE_FEE, at, 'dispute_reversal', `Chargeback reversal for ${typeof d.charge === 'string' ? d.charge : d.charge.id}`),
    closed: true,
  };
}

/** Accepting the dispute: it is lost, the money stays withdrawn. */
export function closeDispute(d: Stripe.Dispute): DisputeChange {
  if (!OPEN.has(d.status)) return { ok: false, message: `This dispute is already ${d.status}.` };
  return { ok: true, dispute: { ...d, status: d.status.startsWith('warning_') ? 'warning_closed' : 'lost' }, reinstated: null, closed: true };
}
