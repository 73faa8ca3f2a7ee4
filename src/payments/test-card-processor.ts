// The built-in processor for test mode: a card behaves as Stripe's test card with the same
// number (recognized by fingerprint); any other card succeeds. It keeps a ledger of charges by
// idempotency key (a key is charged once), and tests can make it misbehave the way real
// processors do: time out before or after charging, fail after charging, or pause around a charge.
// Refunds succeed, except on Stripe's refund test cards (pending, or failing).
import type Stripe from 'stripe';
import type { ChargeRequest, GatewayDispute, GatewayResult, PaymentGateway, RefundResult } from './payment-gateway.ts';
import { memoryLedger, type ChargeLedger } from './charge-ledger.ts';
import { testCardByFingerprint, type CardFailure } from './test-cards.ts';

const fail = (f: CardFailure) => ({
  status: 'failed' as const,
  code: f.code,
  ...(f.decline_code ? { decline_code: f.decline_code } : {}),
  message: f.message,
  ...(f.param ? { param: f.param } : {}),
});

const testCardOf = (pm: Stripe.PaymentMethod) => testCardByFingerprint(pm.card?.fingerprint);

/** The outcome the card itself decides (a 3-D Secure card waits for its holder's authentication). */
function decide(pm: Stripe.PaymentMethod, authenticated = false): GatewayResult {
  const card = testCardOf(pm);
  const failure = card?.declines ?? card?.chargeFails;
  if (failure) return fail(failure);
  if (card?.authentication === 'required' && !authenticated) return { status: 'requires_action' };
  return { status: 'succeeded' };
}

/** Seconds after a dispute card's charge that the test processor reports its dispute. */
export const TEST_DISPUTE_DELAY = 60;

/**
 * Misbehaviour for the next charges: a timeout before the processor charged (nothing happened),
 * a timeout after it charged, or an error after it charged (the money moved; the caller sees an
 * error either way).
 */
export type ChargeFault = 'timeout_before_charge' | 'timeout_after_charge' | 'fail_after_charge';

export class GatewayTimeout extends Error {
  constructor(key: string) {
    super(`The test processor timed out (idempotency key ${key}).`);
  }
}

export type PausePoint = 'before_charge' | 'after_charge';

export interface Pause {
  /** Settles with the idempotency key once a charge reaches the point. */
  reached: Promise<string>;
  /** Lets the paused charge go on. */
  release(): void;
}

export interface TestCardProcessor extends PaymentGateway {
  readonly ledger: ChargeLedger;
  /** Makes the next `times` charges misbehave. */
  inject(fault: ChargeFault, times?: number): void;
  /** Holds the next charge at this point until released (a test can stop between phases). */
  pause(at: PausePoint): Pause;
}

/** The outcome of a refund as the charged card decides it. */
function decideRefund(pm: Stripe.PaymentMethod | null): RefundResult {
  const behaviour = pm ? testCardOf(pm)?.refund : undefined;
  if (behaviour === 'pending') return { status: 'pending' };
  if (behaviour === 'fails') return { status: 'failed', failure_reason: 'expired_or_canceled_card' };
  return { status: 'succeeded' };
}

export function createTestCardProcessor(opts: { ledger?: ChargeLedger } = {}): TestCardProcessor {
  const ledger = opts.ledger ?? memoryLedger();
  // Refunds by idempotency key (kept in memory: a refund asked twice under one key is made once).
  const refunds = new Map<string, RefundResult>();
  const faults: ChargeFault[] = [];
  // Authorizations (manual capture) by the key they were made under, and what became of them.
  const holds = new Map<string, { amount: number; state: 'held' | 'captured' | 'canceled'; captured: number }>();
  // Charges on dispute cards, by key: the processor reports their disputes when asked.
  const disputed = new Map<string, GatewayDispute>();
  const pauses = new Map<PausePoint, { arrive(key: string): void; gate: Promise<void> }>();

  const wait = async (at: PausePoint, key: string) => {
    const p = pauses.get(at);
    if (!p) return;
    pauses.delete(at);
    p.arrive(key);
    await p.gate;
  };

  return {
    ledger,
    inject(fault, times = 1) {
      for (let k = 0; k < times; k++) faults.push(fault);
    },
    pause(at) {
      let arrive!: (key: string) => void;
      let release!: () => void;
      const reached = new Promise<string>((ok) => (arrive = ok));
      const gate = new Promise<void>((ok) => (release = ok));
      pauses.set(at, { arrive, gate });
      return { reached, release };
    },
    async charge(req: ChargeRequest) {
      const fault = faults.shift();
      await wait('before_charge', req.idempotencyKey);
      if (fault === 'timeout_before_charge') throw new GatewayTimeout(req.idempotencyKey);
      const { entry } = await ledger.record({
        idempotencyKey: req.idempotencyKey,
        amount: req.amount,
        currency: req.currency,
        paymentMethodId: req.paymentMethod.id,
        result: decide(req.paymentMethod, req.authenticated),
      });
      if (entry.result.status === 'succeeded' && testCardOf(req.paymentMethod)?.dispute)
        disputed.set(req.idempotencyKey, { chargeKey: req.idempotencyKey, amount: req.amount, reason: 'fraudulent', openedAfter: TEST_DISPUTE_DELAY });
      await wait('after_charge', req.idempotencyKey);
      if (fault === 'timeout_after_charge') throw new GatewayTimeout(req.idempotencyKey);
      if (fault === 'fail_after_charge') throw new Error(`The test processor failed after charging (idempotency key ${req.idempotencyKey}).`);
      return entry.result;
    },
    async retrieve(key) {
      return (await ledger.find(key))?.result ?? null;
    },
    async refund(req) {
      const charged = await ledger.find(req.chargeKey);
      if (!charged || charged.result.status !== 'succeeded') return { status: 'failed', failure_reason: 'charge_for_pending_refund_disputed' };
      const known = refunds.get(req.idempotencyKey);
      if (known) return known;
      const result = decideRefund(req.paymentMethod);
      refunds.set(req.idempotencyKey, result);
      return result;
    },
    async cancelRefund(key) {
      const known = refunds.get(key);
      if (!known || known.status !== 'pending') return false;
      refunds.set(key, { status: 'failed', failure_reason: 'canceled' });
      return true;
    },
    async verify({ paymentMethod }) {
      const card = testCardOf(paymentMethod);
      if (card?.declines) return fail(card.declines);
      return card?.authentication === 'required' ? { status: 'requires_action' } : { status: 'succeeded' };
    },
    async authorize(req) {
      const result = await this.charge(req);
      if (result.status === 'succeeded' && !holds.has(req.idempotencyKey)) holds.set(req.idempotencyKey, { amount: req.amount, state: 'held', captured: 0 });
      return result;
    },
    async capture(req) {
      const hold = holds.get(req.chargeKey);
      if (!hold) return { status: 'failed', code: 'charge_not_capturable', message: 'There is no authorization to capture.' };
      if (hold.state === 'captured') return { status: 'succeeded' };
      if (hold.state === 'canceled' || req.amount > hold.amount)
        return { status: 'failed', code: 'charge_not_capturable', message: 'The authorization cannot be captured for this amount.' };
      holds.set(req.chargeKey, { ...hold, state: 'captured', captured: req.amount });
      return { status: 'succeeded' };
    },
    async cancel(req) {
      const hold = holds.get(req.chargeKey);
      if (hold?.state === 'captured') return { status: 'failed', code: 'charge_already_captured', message: 'The authorization was already captured.' };
      if (hold) holds.set(req.chargeKey, { ...hold, state: 'canceled' });
      return { status: 'canceled' };
    },
    async disputesOf(chargeKey) {
      const d = disputed.get(chargeKey);
      return d ? [d] : [];
    },
  };
}

/** A processor with an in-memory ledger, for contexts composed without one. */
export const testCardProcessor: TestCardProcessor = createTestCardProcessor();
